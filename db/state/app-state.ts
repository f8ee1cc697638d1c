import Database from 'better-sqlite3';
import { HotpotError, errorMessage } from '../errors.ts';

/** Forward-only schema steps of the SQLite app state, applied by `PRAGMA user_version`. */
const STATE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);
   CREATE TABLE sources (
     id TEXT PRIMARY KEY, provider TEXT NOT NULL, name TEXT NOT NULL, config TEXT NOT NULL,
     secret_names TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
   CREATE TABLE secrets (ref TEXT PRIMARY KEY, nonce BLOB NOT NULL, ciphertext BLOB NOT NULL, tag BLOB NOT NULL, updated_at TEXT NOT NULL);`,
];

/**
 * The workspace's app state on SQLite (settings, source configs, encrypted secrets), separate
 * from the analytical store. Other modules (the workflow journal) keep their own tables here.
 */
export class AppState {
  private constructor(
    readonly db: Database.Database,
    readonly path: string,
  ) {}

  static open(path: string): AppState {
    let db: Database.Database;
    try {
      db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    } catch (error) {
      throw new HotpotError(`Cannot open the app state ${path}: ${errorMessage(error)}`, 'STATE_OPEN', {
        cause: error,
      });
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > STATE_MIGRATIONS.length) {
      db.close();
      throw new HotpotError(
        `The app state ${path} was written by a newer Hotpot (schema ${version}, this version knows ${STATE_MIGRATIONS.length}). Upgrade Hotpot.`,
        'STATE_TOO_NEW',
      );
    }
    db.transaction(() => {
      for (let v = version; v < STATE_MIGRATIONS.length; v++) db.exec(STATE_MIGRATIONS[v] as string);
      db.pragma(`user_version = ${STATE_MIGRATIONS.length}`);
    })();
    return new AppState(db, path);
  }

  getSetting<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  setSetting(key: string, value: unknown): void {
    this.db
      .prepare(
        'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(key, JSON.stringify(value), new Date().toISOString());
  }

  deleteSetting(key: string): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }

  close(): void {
    this.db.close();
  }
}
