// The renderer cannot reach Node: every module the app loads (its own files and whatever they
// import, followed transitively) may import only browser-safe packages. Type-only imports are
// erased at build time and are not followed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const ALLOWED_PACKAGES = [
  /^react(\/|$)/,
  /^react-dom(\/|$)/,
  /^zustand(\/|$)/,
  /^@tanstack\/react-(table|virtual)$/,
  /^zod(\/|$)/,
];
const NODE = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Value imports and re-exports of a module (skipping `import type` / `export type`). */
export function valueImports(source: string): string[] {
  const out: string[] = [];
  const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(statement)) if (!m[2]) out.push(m[4]!);
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  for (const m of source.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

function appFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return appFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function violations(): string[] {
  const seen = new Set<string>();
  const bad: string[] = [];
  const queue = appFiles(join(ROOT, 'app'));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of valueImports(readFileSync(file, 'utf8'))) {
      const where = relative(ROOT, file);
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (/\.tsx?$/.test(target)) queue.push(target);
        continue;
      }
      if (NODE.has(spec) || spec === 'electron') bad.push(`${where} imports ${spec}`);
      else if (!ALLOWED_PACKAGES.some((p) => p.test(spec))) bad.push(`${where} imports the package ${spec}`);
    }
  }
  expect(seen.size).toBeGreaterThan(10);
  return bad;
}

describe('renderer boundary', () => {
  it('recognises value imports and skips type-only ones', () => {
    const src = `import type { A } from 'node:fs';\nimport { b } from 'node:path';\nexport { c } from './c.ts';\nimport './x.css';\nconst d = await import('node:os');`;
    expect(valueImports(src)).toEqual(['node:path', './c.ts', './x.css', 'node:os']);
  });

  it('loads no Node built-in, no Electron and no server package, directly or transitively', () => {
    expect(violations()).toEqual([]);
  });
});
