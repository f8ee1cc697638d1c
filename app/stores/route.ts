// Hash routing (`#/explorer?table=bronze.gcp_instances`): works from file:// in Electron and
// from the served app, and survives reloads.
import { create } from 'zustand';

export const PAGES = [
  'overview',
  'sources',
  'runs',
  'explorer',
  'assets',
  'alerts',
  'compliance',
  'agent',
  'publish',
  'settings',
] as const;
export type PageId = (typeof PAGES)[number];

interface Route {
  page: PageId;
  params: Record<string, string>;
}

function parse(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const page = (PAGES as readonly string[]).includes(path) ? (path as PageId) : 'overview';
  return { page, params: Object.fromEntries(new URLSearchParams(query)) };
}

export const useRoute = create<Route>(() => parse(window.location.hash));

window.addEventListener('hashchange', () => useRoute.setState(parse(window.location.hash)));

export function navigate(page: PageId, params: Record<string, string> = {}): void {
  const query = new URLSearchParams(params).toString();
  window.location.hash = `/${page}${query ? `?${query}` : ''}`;
}
