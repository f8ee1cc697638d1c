import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { HotpotError } from '../db/errors.ts';
import { migrate, type MigrationResult } from '../db/migrations/runner.ts';
import { AppState } from '../db/state/app-state.ts';
import { KeyFileSecretStore, type SecretStore } from '../db/state/secrets.ts';
import { SourceRegistry } from '../db/state/sources.ts';
import { UrlSettings } from '../db/state/url-settings.ts';
import { openStore } from '../db/store/open.ts';
import type { Store, StoreOptions } from '../db/store/types.ts';

/** `--home`, else `$HOTPOT_HOME`, else `~/.hotpot`. */
export function resolveHome(option?: string): string {
  return resolve(option ?? process.env.HOTPOT_HOME ?? join(homedir(), '.hotpot'));
}

export interface WorkspacePaths {
  readonly home: string;
  readonly store: string;
  readonly state: string;
  readonly key: string;
}

export function workspacePaths(home: string): WorkspacePaths {
  return {
    home,
    store: join(home, 'store.duckdb'),
    state: join(home, 'state.sqlite'),
    key: join(home, 'secret.key'),
  };
}

/** Setting that points the workspace at a PostgreSQL store instead of its DuckDB file. */
export const STORE_SETTING = 'store.location';

/**
 * How a process gets the key that encrypts the workspace's secrets. Without `secretKey` it is the
 * key file in the workspace folder; the desktop app passes the key it unwrapped from the OS
 * keychain instead, so no plaintext key file exists on the desktop.
 */
export interface WorkspaceKeyOptions {
  readonly secretKey?: Buffer;
}

function secretStoreFor(state: AppState, paths: WorkspacePaths, options: WorkspaceKeyOptions): SecretStore {
  return options.secretKey
    ? KeyFileSecretStore.withKey(state, options.secretKey)
    : KeyFileSecretStore.open(state, paths.key);
}

/**
 * One analyst workspace: a folder with the DuckDB store, the SQLite app state and the key
 * (file or keychain) that encrypts secrets.
 */
export class Workspace {
  readonly sources: SourceRegistry;
  /** Settings holding connection URLs; their passwords live in the secret store. */
  readonly urls: UrlSettings;

  private constructor(
    readonly paths: WorkspacePaths,
    readonly state: AppState,
    readonly secrets: SecretStore,
  ) {
    this.sources = new SourceRegistry(state, secrets);
    this.urls = new UrlSettings(state, secrets);
  }

  /** Opens an existing workspace; says how to create one when there is none. */
  static open(home: string, options: WorkspaceKeyOptions = {}): Workspace {
    const paths = workspacePaths(home);
    if (!existsSync(paths.state)) {
      throw new HotpotError(
        `No Hotpot workspace at ${home}. Run "hotpot init --home ${home}" first.`,
        'NO_WORKSPACE',
      );
    }
    const state = AppState.open(paths.state);
    return new Workspace(paths, state, secretStoreFor(state, paths, options));
  }

  /** Creates the folder, app state and key file when missing, then migrates the store. */
  static async init(
    home: string,
    options: WorkspaceKeyOptions = {},
  ): Promise<{ workspace: Workspace; migration: MigrationResult; created: boolean }> {
    const paths = workspacePaths(home);
    const created = !existsSync(paths.state);
    mkdirSync(home, { recursive: true, mode: 0o700 });
    const state = AppState.open(paths.state);
    const workspace = new Workspace(paths, state, secretStoreFor(state, paths, options));
    const store = await workspace.openStore();
    try {
      return { workspace, migration: await migrate(store), created };
    } finally {
      await store.close();
    }
  }

  /** The analytical store: the DuckDB file, or the PostgreSQL URL set in the workspace settings. */
  storeLocation(): string {
    return this.urls.get(STORE_SETTING) ?? this.paths.store;
  }

  openStore(options: StoreOptions = {}): Promise<Store> {
    return openStore(this.storeLocation(), options);
  }

  close(): void {
    this.state.close();
  }
}
