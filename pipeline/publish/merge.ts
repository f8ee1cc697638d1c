import type { Catalog } from '../../db/catalog/catalog.ts';
import { historySchema, type ColumnSpec, type TableSpec } from '../../db/catalog/types.ts';
import { historySequence } from '../../db/ddl.ts';
import { quoteIdent, tableRef } from '../../db/dialects/types.ts';
import type { BulkValue, SqlSession } from '../../db/store/types.ts';
import type { TableFamily } from './families.ts';
import { historyStageColumns } from './staging.ts';

// Set-based merge of one staged family into the central tables (PostgreSQL only; the central
// database is always PostgreSQL). Runs inside the family's transaction, under its advisory lock,
// so no other publisher writes these tables meanwhile and NOT EXISTS checks are race-free.

const q = quoteIdent;
const cur = (t: TableSpec): string => tableRef(t.layer, t.name);
const hist = (t: TableSpec): string => tableRef(historySchema(t.layer), t.name);
const list = (alias: string, names: readonly string[]): string =>
  names.map((n) => `${alias}.${q(n)}`).join(', ');
const eq = (a: string, b: string, names: readonly string[]): string =>
  names.map((n) => `${a}.${q(n)} = ${b}.${q(n)}`).join(' AND ');

/** Identity of a row among its table: resource key plus, for children, the natural key. */
function keyOf(spec: TableSpec): string[] {
  return ['source_id', 'resource_id', ...(spec.parent?.naturalKey ?? [])];
}

export class StagedFamily {
  /** Staging tables by logical name; created lazily, dropped at commit. */
  private readonly created = new Set<string>();
  private readonly tables: readonly TableSpec[];

  constructor(
    private readonly tx: SqlSession,
    private readonly catalog: Catalog,
    readonly family: TableFamily,
  ) {
    this.tables = [family.root, ...family.children];
  }

  stageName(kind: 'cur' | 'hist', spec: TableSpec): string {
    return `hp_${kind}_${this.tables.indexOf(spec)}`;
  }

  async create(name: string, columns: readonly ColumnSpec[]): Promise<void> {
    if (this.created.has(name)) return;
    const defs = columns.map((c) => this.tx.dialect.columnDefinition({ ...c, nullable: true })).join(', ');
    await this.tx.execute(`CREATE TEMP TABLE ${q(name)} (${defs}) ON COMMIT DROP`);
    this.created.add(name);
  }

  async copy(
    name: string,
    columns: readonly ColumnSpec[],
    rows: readonly (readonly BulkValue[])[],
  ): Promise<void> {
    await this.create(name, columns);
    await this.tx.bulkInsert({ schema: 'pg_temp', table: name, columns }, rows);
  }

  has(name: string): boolean {
    return this.created.has(name);
  }

  /** Planner statistics for the staged rows: temp tables are never auto-analysed. */
  async analyze(): Promise<void> {
    for (const name of this.created) await this.tx.execute(`ANALYZE ${q(name)}`);
  }

  /** Inserts versions the central history lacks (ids from the central sequence) and closes ended ones. */
  async mergeHistory(): Promise<number> {
    let written = 0;
    for (const spec of this.tables) {
      const stage = this.stageName('hist', spec);
      if (!spec.history || !this.has(stage)) continue;
      const key = [...keyOf(spec), 'valid_from'];
      const content = historyStageColumns(spec)
        .map((c) => c.name)
        .filter((n) => n !== 'parent_version_from');
      const parentSpec = spec.parent ? this.catalog.get(`${spec.layer}.${spec.parent.table}`) : undefined;
      const parentJoin = parentSpec
        ? `LEFT JOIN ${hist(parentSpec)} p ON ${eq('p', 's', keyOf(parentSpec))} AND p.valid_from = s.parent_version_from`
        : '';
      const idCols = parentSpec ? 'history_id, parent_history_id' : 'history_id';
      // A parent version is always published before (or with) its children; 0 would mark a gap.
      const idVals = `nextval('${historySequence(spec)}')${parentSpec ? ', COALESCE(p.history_id, 0)' : ''}`;
      written += await this.tx.execute(
        `INSERT INTO ${hist(spec)} (${idCols}, ${content.map(q).join(', ')})
         SELECT ${idVals}, ${list('s', content)} FROM ${q(stage)} s ${parentJoin}
         WHERE NOT EXISTS (SELECT 1 FROM ${hist(spec)} h WHERE ${eq('h', 's', key)})`,
      );
      // Versions only ever close (never reopen), so an older publish cannot roll history back.
      written += await this.tx.execute(
        `UPDATE ${hist(spec)} h SET valid_to = s.valid_to FROM ${q(stage)} s
         WHERE ${eq('h', 's', key)} AND s.valid_to IS NOT NULL AND h.valid_to IS DISTINCT FROM s.valid_to`,
      );
    }
    return written;
  }

  /**
   * Upserts root rows that are newer than the central ones — by (collected_at, tree_hash), so two
   * publishers converge on the same winner in any order — and remembers the winners in hp_win.
   */
  async mergeRoots(): Promise<{ written: number; skipped: number }> {
    const { root } = this.family;
    const stage = this.stageName('cur', root);
    if (!this.has(stage)) return { written: 0, skipped: 0 };
    await this.tx.execute(
      `CREATE TEMP TABLE hp_win ON COMMIT DROP AS
       SELECT s.source_id, s.resource_id, s.with_children,
              (c.source_id IS NULL OR c.tree_hash IS DISTINCT FROM s.tree_hash) AS tree_changed
       FROM ${q(stage)} s LEFT JOIN ${cur(root)} c ON ${eq('c', 's', ['source_id', 'resource_id'])}
       WHERE c.source_id IS NULL OR (s.collected_at, s.tree_hash) > (c.collected_at, c.tree_hash)`,
    );
    this.created.add('hp_win');
    const [counts] = await this.tx.query<{ staged: number; won: number }>(
      `SELECT (SELECT count(*) FROM ${q(stage)}) AS staged, (SELECT count(*) FROM hp_win) AS won`,
    );
    const written = await this.upsertCurrent(root, stage, 'true');
    return { written, skipped: Number(counts?.staged ?? 0) - Number(counts?.won ?? 0) };
  }

  private async upsertCurrent(spec: TableSpec, stage: string, winFilter: string): Promise<number> {
    const names = spec.columns.filter((c) => c.name !== 'history_id').map((c) => c.name);
    const key = keyOf(spec);
    const historyJoin = spec.history
      ? `LEFT JOIN ${hist(spec)} h ON ${eq('h', 's', key)} AND h.valid_from = s.version_from`
      : '';
    const historyId = spec.history ? 'COALESCE(h.history_id, 0)' : 's.history_id';
    const updates = [...names.filter((n) => !key.includes(n)), 'history_id']
      .map((n) => `${q(n)} = excluded.${q(n)}`)
      .join(', ');
    return this.tx.execute(
      `INSERT INTO ${cur(spec)} (${names.map(q).join(', ')}, history_id)
       SELECT ${list('s', names)}, ${historyId}
       FROM ${q(stage)} s JOIN hp_win w ON ${eq('w', 's', ['source_id', 'resource_id'])} AND ${winFilter}
       ${historyJoin}
       ON CONFLICT (${key.map(q).join(', ')}) DO UPDATE SET ${updates}`,
    );
  }

  /** Winning resources whose central children differ but whose children were not staged. */
  async missingChildren(): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (this.family.children.length === 0 || !this.has('hp_win')) return out;
    const rows = await this.tx.query<{ source_id: string; resource_id: string }>(
      'SELECT source_id, resource_id FROM hp_win WHERE tree_changed AND NOT with_children',
    );
    for (const r of rows) {
      const ids = out.get(r.source_id) ?? [];
      ids.push(r.resource_id);
      out.set(r.source_id, ids);
    }
    return out;
  }

  /** Replaces the child rows of winning resources whose tree changed (parents before children). */
  async mergeChildren(): Promise<number> {
    if (!this.has('hp_win')) return 0;
    let written = 0;
    for (const spec of this.family.children) {
      written += await this.tx.execute(
        `DELETE FROM ${cur(spec)} c USING hp_win w WHERE w.tree_changed AND ${eq('c', 'w', ['source_id', 'resource_id'])}`,
      );
      const stage = this.stageName('cur', spec);
      if (this.has(stage)) written += await this.upsertCurrent(spec, stage, 'w.tree_changed');
    }
    return written;
  }

  /** Deletes resources a complete listing dropped, unless the central row is a newer collection. */
  async mergeGone(): Promise<number> {
    if (!this.has('hp_gone')) return 0;
    const { root } = this.family;
    await this.tx.execute('CREATE TEMP TABLE hp_deleted (source_id text, resource_id text) ON COMMIT DROP');
    let written = await this.tx.execute(
      `WITH d AS (DELETE FROM ${cur(root)} c USING hp_gone g
         WHERE ${eq('c', 'g', ['source_id', 'resource_id'])} AND c.collected_at < g.deleted_at
         RETURNING c.source_id, c.resource_id)
       INSERT INTO hp_deleted SELECT source_id, resource_id FROM d`,
    );
    if (written === 0) return 0;
    for (const spec of this.family.children) {
      written += await this.tx.execute(
        `DELETE FROM ${cur(spec)} c USING hp_deleted d WHERE ${eq('c', 'd', ['source_id', 'resource_id'])}`,
      );
    }
    return written;
  }

  /** Upserts a plain table, writing only rows that differ (and never an older collection). */
  async mergePlain(): Promise<number> {
    const spec = this.family.root;
    const stage = this.stageName('cur', spec);
    if (!this.has(stage)) return 0;
    const names = spec.columns.map((c) => c.name);
    const rest = names.filter((n) => !spec.primaryKey.includes(n));
    const newer = names.includes('collected_at') ? ' AND excluded.collected_at >= t.collected_at' : '';
    const action =
      rest.length === 0
        ? 'DO NOTHING'
        : `DO UPDATE SET ${rest.map((n) => `${q(n)} = excluded.${q(n)}`).join(', ')}
           WHERE (${list('t', rest)}) IS DISTINCT FROM (${list('excluded', rest)})${newer}`;
    return this.tx.execute(
      `INSERT INTO ${cur(spec)} AS t (${names.map(q).join(', ')}) SELECT ${list('s', names)} FROM ${q(stage)} s
       ON CONFLICT (${spec.primaryKey.map(q).join(', ')}) ${action}`,
    );
  }

  async latestCollection(): Promise<string | null> {
    const stage = this.stageName('cur', this.family.root);
    if (!this.has(stage) || !this.family.root.columns.some((c) => c.name === 'collected_at')) return null;
    const [row] = await this.tx.query<{ t: string | null }>(`SELECT max(collected_at) AS t FROM ${q(stage)}`);
    return row?.t ?? null;
  }
}
