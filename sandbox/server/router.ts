/** Matches request paths against provider route templates. */
import type { ProviderPlugin, ProviderRoute } from './types.ts';

export interface CompiledRoute {
  plugin: ProviderPlugin;
  route: ProviderRoute;
  regex: RegExp;
  names: string[];
}

function escape(text: string): string {
  return text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
}

export function compileRoutes(plugins: readonly ProviderPlugin[]): CompiledRoute[] {
  const out: CompiledRoute[] = [];
  for (const plugin of plugins) {
    for (const route of plugin.routes) {
      const names: string[] = [];
      const pattern = route.path
        .split(/(\{[a-zA-Z_]+\})/)
        .map((part) => {
          const m = /^\{([a-zA-Z_]+)\}$/.exec(part);
          if (!m) return escape(part);
          names.push(m[1] ?? '');
          return '([^/]+)';
        })
        .join('');
      out.push({ plugin, route, regex: new RegExp(`^${pattern}$`), names });
    }
  }
  return out;
}

export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  path: string,
): { hit?: { compiled: CompiledRoute; params: Record<string, string> }; pathKnown: boolean } {
  let pathKnown = false;
  for (const compiled of routes) {
    const m = compiled.regex.exec(path);
    if (!m) continue;
    pathKnown = true;
    if (compiled.route.method !== method) continue;
    const params: Record<string, string> = {};
    compiled.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? '')));
    return { hit: { compiled, params }, pathKnown };
  }
  return { pathKnown };
}
