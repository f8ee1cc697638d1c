import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { AppState } from './app-state.ts';
import { KeyFileSecretStore } from './secrets.ts';
import { UrlSettings } from './url-settings.ts';

function fresh() {
  const dir = mkdtempSync(join(tmpdir(), 'hotpot-urls-'));
  const state = AppState.open(join(dir, 'state.sqlite'));
  const secrets = KeyFileSecretStore.open(state, join(dir, 'secret.key'));
  return { path: join(dir, 'state.sqlite'), state, secrets, urls: new UrlSettings(state, secrets) };
}

const URL_WITH_PASSWORD = 'postgres://hotpot:s3cr%40t%2Fpw@central.example:5432/hotpot?sslmode=require';

describe('URL settings', () => {
  test('keep the password in the encrypted secret store, never in the settings table', () => {
    const { path, state, urls } = fresh();
    urls.set('publish.url', URL_WITH_PASSWORD);
    expect(urls.get('publish.url')).toBe(URL_WITH_PASSWORD);
    expect(state.getSetting('publish.url')).toBe(
      'postgres://hotpot@central.example:5432/hotpot?sslmode=require',
    );
    state.close();
    const file = readFileSync(path);
    expect(file.includes('s3cr')).toBe(false);
  });

  test('a URL without password, or a file path, is stored as it is and clears an old password', () => {
    const { state, urls, secrets } = fresh();
    urls.set('store.location', URL_WITH_PASSWORD);
    urls.set('store.location', 'postgres://reader@db/hotpot');
    expect(urls.get('store.location')).toBe('postgres://reader@db/hotpot');
    expect(secrets.has('setting:store.location:password')).toBe(false);
    urls.set('store.location', '/data/store.duckdb');
    expect(urls.get('store.location')).toBe('/data/store.duckdb');
    urls.set('store.location', undefined);
    expect(urls.get('store.location')).toBeUndefined();
    expect(state.getSetting('store.location')).toBeUndefined();
  });

  test('move a password saved in the clear by an older version into secrets on first read', () => {
    const { state, urls } = fresh();
    state.setSetting('publish.url', URL_WITH_PASSWORD);
    expect(urls.get('publish.url')).toBe(URL_WITH_PASSWORD);
    expect(state.getSetting<string>('publish.url')).not.toContain('s3cr');
    expect(urls.get('publish.url')).toBe(URL_WITH_PASSWORD);
  });
});
