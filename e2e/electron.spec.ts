// Launches the desktop app where an Electron binary exists; skipped (with the reason) elsewhere.
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildElectron } from '../electron/build.ts';

function electronBinary(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

test('the desktop app opens its window with the workbench', async () => {
  const binary = electronBinary();
  test.skip(
    !binary,
    'the Electron binary is not installed here (npm could not download it); browser mode is covered by workbench.spec.ts',
  );
  await buildElectron();
  const app = await electron.launch({ executablePath: binary, args: ['out/electron/main.mjs'] });
  const window = await app.firstWindow();
  await expect(window.locator('.brand')).toHaveText('Hotpot');
  expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  await app.close();
});
