import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { AppState } from './app-state.ts';
import { KeyFileSecretStore } from './secrets.ts';
import { SourceRegistry } from './sources.ts';

function fresh() {
  const dir = mkdtempSync(join(tmpdir(), 'hotpot-state-'));
  const state = AppState.open(join(dir, 'state.sqlite'));
  return { dir, state, secrets: KeyFileSecretStore.open(state, join(dir, 'secret.key')) };
}

describe('app state', () => {
  test('settings survive reopening', () => {
    const { dir, state } = fresh();
    state.setSetting('store.location', 'postgres://x');
    state.close();
    const again = AppState.open(join(dir, 'state.sqlite'));
    expect(again.getSetting('store.location')).toBe('postgres://x');
    again.close();
  });

  test('secrets are encrypted at rest with an owner-only key file', () => {
    const { dir, state, secrets } = fresh();
    secrets.set('source:gcp:token', 'ya29.very-secret-token');
    expect(secrets.get('source:gcp:token')).toBe('ya29.very-secret-token');
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    state.close();
    expect(readFileSync(join(dir, 'state.sqlite')).includes(Buffer.from('very-secret'))).toBe(false);
  });

  test('a key file others can read is refused with the fix', () => {
    const { dir, state } = fresh();
    chmodSync(join(dir, 'secret.key'), 0o644);
    expect(() => KeyFileSecretStore.open(state, join(dir, 'secret.key'))).toThrow(
      `chmod 600 ${join(dir, 'secret.key')}`,
    );
  });

  test('a ciphertext moved to another reference does not decrypt', () => {
    const { state, secrets } = fresh();
    secrets.set('a', 'secret-a');
    state.db
      .prepare(
        "INSERT INTO secrets SELECT 'b', nonce, ciphertext, tag, updated_at FROM secrets WHERE ref = 'a'",
      )
      .run();
    expect(() => secrets.get('b')).toThrow('cannot be decrypted');
  });

  test('sources keep secrets out of their config and drop them on removal', () => {
    const { state, secrets } = fresh();
    const sources = new SourceRegistry(state, secrets);
    const saved = sources.save({
      id: 's1-prod',
      provider: 's1',
      config: { url: 'https://x' },
      secrets: { apiToken: 'tok-123' },
    });
    expect(saved.secretNames).toEqual(['apiToken']);
    expect(JSON.stringify(sources.list())).not.toContain('tok-123');
    expect(sources.secret('s1-prod', 'apiToken')).toBe('tok-123');
    sources.save({ id: 's1-prod', provider: 's1', config: { url: 'https://y' } });
    expect(sources.secret('s1-prod', 'apiToken')).toBe('tok-123');
    expect(sources.remove('s1-prod')).toBe(true);
    expect(secrets.has('source:s1-prod:apiToken')).toBe(false);
    expect(() => sources.save({ id: 'Bad Id', provider: 'x', config: {} })).toThrow('lowercase');
  });
});
