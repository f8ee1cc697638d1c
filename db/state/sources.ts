import { HotpotError } from '../errors.ts';
import type { AppState } from './app-state.ts';
import type { SecretStore } from './secrets.ts';

/** A configured provider account, tenant or appliance. Secrets are held apart, by reference. */
export interface SourceConfig {
  readonly id: string;
  readonly provider: string;
  readonly name: string;
  /** Non-secret settings (endpoint, projects, regions, filters…). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Names of the secrets this source has stored (values never leave the secret store here). */
  readonly secretNames: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

const ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function secretRef(sourceId: string, name: string): string {
  return `source:${sourceId}:${name}`;
}

interface SourceRow {
  id: string;
  provider: string;
  name: string;
  config: string;
  secret_names: string;
  created_at: string;
  updated_at: string;
}

function fromRow(row: SourceRow): SourceConfig {
  return {
    id: row.id,
    provider: row.provider,
    name: row.name,
    config: JSON.parse(row.config) as Record<string, unknown>,
    secretNames: JSON.parse(row.secret_names) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Source configurations in the app state; secrets go to the secret store, never into `config`. */
export class SourceRegistry {
  constructor(
    private readonly state: AppState,
    private readonly secrets: SecretStore,
  ) {}

  list(): SourceConfig[] {
    return (this.state.db.prepare('SELECT * FROM sources ORDER BY id').all() as SourceRow[]).map(fromRow);
  }

  get(id: string): SourceConfig | undefined {
    const row = this.state.db.prepare('SELECT * FROM sources WHERE id = ?').get(id) as SourceRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  require(id: string): SourceConfig {
    const source = this.get(id);
    if (!source)
      throw new HotpotError(
        `No source "${id}". "hotpot sources list" shows the configured ones.`,
        'UNKNOWN_SOURCE',
      );
    return source;
  }

  /** Adds or replaces a source; secrets given here replace stored ones, others are kept. */
  save(input: {
    id: string;
    provider: string;
    name?: string;
    config: Record<string, unknown>;
    secrets?: Record<string, string>;
  }): SourceConfig {
    if (!ID.test(input.id)) {
      throw new HotpotError(
        `Source id "${input.id}" must be lowercase letters, digits, "-" or "_" (at most 63).`,
        'BAD_SOURCE_ID',
      );
    }
    const now = new Date().toISOString();
    const existing = this.get(input.id);
    const names = new Set(existing?.secretNames ?? []);
    this.state.db.transaction(() => {
      for (const [name, value] of Object.entries(input.secrets ?? {})) {
        this.secrets.set(secretRef(input.id, name), value);
        names.add(name);
      }
      this.state.db
        .prepare(
          `INSERT INTO sources (id, provider, name, config, secret_names, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET provider = excluded.provider, name = excluded.name, config = excluded.config,
             secret_names = excluded.secret_names, updated_at = excluded.updated_at`,
        )
        .run(
          input.id,
          input.provider,
          input.name ?? input.id,
          JSON.stringify(input.config),
          JSON.stringify([...names].sort()),
          existing?.createdAt ?? now,
          now,
        );
    })();
    return this.require(input.id);
  }

  secret(id: string, name: string): string | undefined {
    return this.secrets.get(secretRef(id, name));
  }

  remove(id: string): boolean {
    const source = this.get(id);
    if (!source) return false;
    this.state.db.transaction(() => {
      for (const name of source.secretNames) this.secrets.delete(secretRef(id, name));
      this.state.db.prepare('DELETE FROM sources WHERE id = ?').run(id);
    })();
    return true;
  }
}
