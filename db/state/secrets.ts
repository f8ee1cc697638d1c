import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { HotpotError } from '../errors.ts';
import type { AppState } from './app-state.ts';

/** Where secrets live. The CLI and browser mode use a key file; the desktop app the OS keychain. */
export interface SecretStore {
  get(ref: string): string | undefined;
  set(ref: string, value: string): void;
  delete(ref: string): void;
  has(ref: string): boolean;
}

const KEY_BYTES = 32;

/** Reads the workspace key, creating it (owner-only) on first use; refuses a key others can read. */
export function loadOrCreateKey(path: string): Buffer {
  if (!existsSync(path)) {
    writeFileSync(path, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new HotpotError(
      `The key file ${path} can be read by other users. Run "chmod 600 ${path}" and try again.`,
      'KEY_FILE_PERMISSIONS',
    );
  }
  const key = readFileSync(path);
  if (key.length !== KEY_BYTES) {
    throw new HotpotError(
      `The key file ${path} is damaged (expected ${KEY_BYTES} bytes, found ${key.length}).`,
      'KEY_FILE_DAMAGED',
    );
  }
  return key;
}

/**
 * Secrets encrypted at rest with AES-256-GCM under the workspace key file. The reference is bound
 * as additional data, so a ciphertext copied to another reference does not decrypt.
 */
export class KeyFileSecretStore implements SecretStore {
  constructor(
    private readonly state: AppState,
    private readonly key: Buffer,
  ) {}

  static open(state: AppState, keyPath: string): KeyFileSecretStore {
    return new KeyFileSecretStore(state, loadOrCreateKey(keyPath));
  }

  /** A key held elsewhere (the desktop keychain); refuses one of the wrong size. */
  static withKey(state: AppState, key: Buffer): KeyFileSecretStore {
    if (key.length !== KEY_BYTES)
      throw new HotpotError(
        `The workspace key must be ${KEY_BYTES} bytes (got ${key.length}).`,
        'KEY_FILE_DAMAGED',
      );
    return new KeyFileSecretStore(state, key);
  }

  set(ref: string, value: string): void {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(ref));
    const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    this.state.db
      .prepare(
        'INSERT INTO secrets (ref, nonce, ciphertext, tag, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (ref) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext, tag = excluded.tag, updated_at = excluded.updated_at',
      )
      .run(ref, nonce, ciphertext, cipher.getAuthTag(), new Date().toISOString());
  }

  get(ref: string): string | undefined {
    const row = this.state.db.prepare('SELECT nonce, ciphertext, tag FROM secrets WHERE ref = ?').get(ref) as
      { nonce: Buffer; ciphertext: Buffer; tag: Buffer } | undefined;
    if (!row) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, row.nonce);
      decipher.setAAD(Buffer.from(ref));
      decipher.setAuthTag(row.tag);
      return Buffer.concat([decipher.update(row.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new HotpotError(
        `The secret "${ref}" cannot be decrypted with this workspace's key file. Re-enter it with "hotpot sources add".`,
        'SECRET_UNREADABLE',
      );
    }
  }

  has(ref: string): boolean {
    return this.state.db.prepare('SELECT 1 FROM secrets WHERE ref = ?').get(ref) !== undefined;
  }

  delete(ref: string): void {
    this.state.db.prepare('DELETE FROM secrets WHERE ref = ?').run(ref);
  }
}
