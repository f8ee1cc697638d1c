// `npm start`: builds the renderer and the Electron bundles and launches the desktop app. When
// the Electron binary is missing (it is an optional download), says so and points to browser mode.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'vite';
import { buildElectron } from './build.ts';

function electronBinary(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
if (!binary) {
  // Same renderer, same API: without the desktop shell, the workbench opens in the browser.
  process.stderr.write(
    'The Electron binary is not installed (the optional "electron" download did not run or failed),\n' +
      'so the workbench starts in browser mode (same as "npm run web"; "npx hotpot demo" adds simulated sources).\n' +
      'To get the desktop app, reinstall with network access: npm install electron\n',
  );
  const web = spawn(process.execPath, ['bin/hotpot.js', 'serve', ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  web.on('exit', (code) => process.exit(code ?? 0));
} else {
  await buildElectron();
  const child = spawn(binary, ['out/electron/main.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
