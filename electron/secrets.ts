// Secrets on the desktop: the OS keychain through Electron's safeStorage, behind the same
// SecretStore interface as the key-file store of the CLI and browser mode.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppState } from '../db/state/app-state.ts';
import { loadOrCreateKey, type SecretStore } from '../db/state/secrets.ts';

/** The part of Electron's safeStorage used here (main process only). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

function requireKeychain(safeStorage: SafeStorageLike): void {
  if (!safeStorage.isEncryptionAvailable())
    throw new Error(
      'The OS keychain is not available (safeStorage); secrets cannot be stored safely on this desktop.',
    );
}

/**
 * Each secret encrypted by the OS keychain and kept in the app state's `secrets` table (the same
 * table the key-file store uses; the reference is stored in the clear, the value never).
 */
export class SafeStorageSecretStore implements SecretStore {
  constructor(
    private readonly state: AppState,
    private readonly safeStorage: SafeStorageLike,
  ) {
    requireKeychain(safeStorage);
  }

  set(ref: string, value: string): void {
    // Bind the reference into the plaintext so a ciphertext moved to another ref is refused.
    const ciphertext = this.safeStorage.encryptString(JSON.stringify([ref, value]));
    this.state.db
      .prepare(
        `INSERT INTO secrets (ref, nonce, ciphertext, tag, updated_at) VALUES (?, x'', ?, x'', ?)
         ON CONFLICT (ref) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
      )
      .run(ref, ciphertext, new Date().toISOString());
  }

  get(ref: string): string | undefined {
    const row = this.state.db.prepare('SELECT ciphertext FROM secrets WHERE ref = ?').get(ref) as
      { ciphertext: Buffer } | undefined;
    if (!row) return undefined;
    const [boundRef, value] = JSON.parse(this.safeStorage.decryptString(row.ciphertext)) as [string, string];
    if (boundRef !== ref) throw new Error(`The secret "${ref}" was tampered with; enter it again.`);
    return value;
  }

  has(ref: string): boolean {
    return this.state.db.prepare('SELECT 1 FROM secrets WHERE ref = ?').get(ref) !== undefined;
  }

  delete(ref: string): void {
    this.state.db.prepare('DELETE FROM secrets WHERE ref = ?').run(ref);
  }
}

/**
 * The workspace data key, wrapped by the OS keychain (`secret.key.keychain`). The pipeline runs in
 * a utility process where safeStorage is unavailable: main unwraps the key and hands it over a
 * private MessagePort, so no plaintext key file is needed on the desktop.
 */
export function unwrapWorkspaceKey(home: string, safeStorage: SafeStorageLike): Buffer {
  requireKeychain(safeStorage);
  const path = join(home, 'secret.key.keychain');
  if (!existsSync(path)) {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    // A workspace first used from the CLI keeps its key, so secrets entered there still decrypt.
    const keyFile = join(home, 'secret.key');
    const key = existsSync(keyFile) ? loadOrCreateKey(keyFile) : randomBytes(32);
    writeFileSync(path, safeStorage.encryptString(key.toString('base64')), { mode: 0o600, flag: 'wx' });
    return key;
  }
  return Buffer.from(safeStorage.decryptString(readFileSync(path)), 'base64');
}
