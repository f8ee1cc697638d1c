// The engine's tables live in the workspace state file beside other app state; all are `wf_`-prefixed
// and created here so the engine works before (and independently of) the app-state migrations.
import Database from 'better-sqlite3';

export type Db = Database.Database;

const DDL = `
CREATE TABLE IF NOT EXISTS wf_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS wf_runs (
  run_id TEXT PRIMARY KEY,
  workflow TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running','completed','failed','cancelled')),
  input_json TEXT,
  result_json TEXT,
  error_json TEXT,
  parent_run_id TEXT,
  parent_seq INTEGER,
  root_run_id TEXT NOT NULL,
  schedule_id TEXT,
  owner TEXT,
  lease_until INTEGER,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  progress_json TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX IF NOT EXISTS wf_runs_status ON wf_runs(status, parent_run_id);
CREATE INDEX IF NOT EXISTS wf_runs_created ON wf_runs(created_at);
CREATE INDEX IF NOT EXISTS wf_runs_parent ON wf_runs(parent_run_id);
CREATE TABLE IF NOT EXISTS wf_steps (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('activity','child','sleep','now')),
  name TEXT NOT NULL,
  task_queue TEXT,
  status TEXT NOT NULL CHECK (status IN ('running','completed','failed','cancelled')),
  input_json TEXT,
  result_json TEXT,
  error_json TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  heartbeat_json TEXT,
  fire_at INTEGER,
  child_run_id TEXT,
  rows_written INTEGER,
  delivery_group INTEGER,
  completion_order INTEGER,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS wf_attempt_errors (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  error_json TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  failed_at INTEGER NOT NULL,
  PRIMARY KEY (run_id, seq, attempt)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS wf_schedules (
  schedule_id TEXT PRIMARY KEY,
  workflow TEXT NOT NULL,
  input_json TEXT,
  cron TEXT NOT NULL,
  timezone TEXT NOT NULL DEFAULT 'UTC',
  enabled INTEGER NOT NULL DEFAULT 1,
  next_fire_at INTEGER NOT NULL,
  last_fired_at INTEGER,
  last_run_id TEXT,
  created_at INTEGER NOT NULL
);
INSERT OR IGNORE INTO wf_meta(key, value) VALUES ('schema_version', '1');
`;

/**
 * Opens the state file for the engine. WAL + synchronous=NORMAL: a committed transaction survives a
 * process crash (SIGKILL); only an OS crash or power loss can drop the last commits, which then
 * re-run on resume (activities are at-least-once, as on Temporal).
 */
export function openStateDb(path: string, options: { readonly?: boolean } = {}): Db {
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(DDL);
  }
  return db;
}
