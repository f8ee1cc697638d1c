// The app is served from app://hotpot/ (not file://): one fixed origin for CSP, navigation
// checks and IPC sender checks, and no access to the rest of the file system.
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { readFile } from 'node:fs/promises';
import { CSP } from '../pipeline/service/http/security.ts';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://hotpot`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return new URL(url).origin === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}

/** Answers an app:// request from the built renderer folder, with the strict CSP. */
export async function appResponse(root: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  const base = resolve(root);
  let file = resolve(join(base, normalize(decodeURIComponent(url.pathname))));
  if (!(file.startsWith(base + sep) || file === base) || !existsSync(file) || extname(file) === '')
    file = join(base, 'index.html');
  const body = await readFile(file);
  return new Response(body, {
    headers: {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
    },
  });
}
