import type { Catalog } from '../catalog/catalog.ts';
import { ownColumns } from '../catalog/define.ts';
import { historySchema, qualifiedName, type ColumnSpec, type TableSpec } from '../catalog/types.ts';
import { quoteIdent, quoteLiteral, tableRef } from '../dialects/types.ts';
import { HotpotError } from '../errors.ts';
import type { SqlParam, SqlSession } from '../store/types.ts';
import { assertLayout } from './layout.ts';
import { StagedChild } from './staged-children.ts';
import {
  analyzeTemp,
  asSubquery,
  hashTexts,
  historyBlocks,
  newHistoryId,
  tempCounter,
  tempName,
  typedColumns,
} from './staged-sql.ts';
import { recordSyncScope, refuseOlderSnapshot, type ScopeOutcome } from './sync-scopes.ts';
import type { ApplyResult, Rejection } from './types.ts';

export interface StagedSnapshot {
  readonly sourceId: string;
  readonly collectedAt: Date | string;
  /** Scopes the staged rows cover completely: stored rows of these scopes missing from the stage are deleted (history closed). */
  readonly completeScopes: readonly string[];
  /** Scopes whose staged rows are applied but whose missing rows are kept (a failed rule, a partial listing). */
  readonly partialScopes?: readonly string[];
}

/**
 * How a staged resource compares with its stored row: N new, U unchanged (same scope and tree
 * hash), R re-versioned (content or scope changed), V same content but volatile columns or child
 * rows changed (the row is rewritten, its version kept).
 */
type Kind = 'N' | 'U' | 'R' | 'V';

/**
 * Applies a snapshot that the caller has staged in SQL with a handful of set-based statements
 * inside the caller's transaction: the rows never pass through JavaScript. `stageSql` is a SELECT
 * or a table yielding `scope, resource_id` and the root's own columns (by name, cast to their
 * types). Same semantics as `applySnapshot`; content and tree hashes are computed by the engine
 * (md5 hex, so they differ in form from `applySnapshot`'s: write a table through one path).
 * Duplicates of a resource id keep the row with the lowest (scope, tree_hash); rows without a
 * resource id are rejected and stop the deletion of missing rows in their scope.
 *
 * A root with child tables (one level, no grandchildren) needs `childStages`: per child table
 * name, a SELECT or table yielding `resource_id` and the child's own columns. Child rows without
 * a natural key, or repeating one, are refused (the lowest state is kept).
 */
export async function applyStagedSnapshot(
  tx: SqlSession,
  catalog: Catalog,
  root: TableSpec,
  snapshot: StagedSnapshot,
  stageSql: string,
  childStages: Readonly<Record<string, string>> = {},
): Promise<ApplyResult> {
  const run = await plannedRun(tx, catalog, root, snapshot, stageSql, childStages);
  return run.write();
}

/** A staged snapshot compared with the stored rows, ready to be written. */
export interface PreparedStagedSnapshot {
  /** Whether the table's stored rows of the source are still those the plan was made against. */
  isCurrent(): Promise<boolean>;
  /** Writes the plan, inside a transaction the caller opened on the session it was prepared on. */
  write(): Promise<ApplyResult>;
  /** Drops the plan's temporary tables without writing. */
  discard(): Promise<void>;
}

/**
 * The read half of `applyStagedSnapshot`: stages, hashes and classifies the rows into temporary
 * tables of `session` and writes nothing. Prepared in one transaction and written in a later one
 * on the same connection, the big writes read committed temporary tables, which DuckDB scans in
 * parallel (a transaction's own rows it scans with one thread). The caller checks `isCurrent()`
 * inside the writing transaction and prepares again when another writer came in between.
 */
export async function prepareStagedSnapshot(
  session: SqlSession,
  catalog: Catalog,
  root: TableSpec,
  snapshot: StagedSnapshot,
  stageSql: string,
  childStages: Readonly<Record<string, string>> = {},
): Promise<PreparedStagedSnapshot> {
  const run = await plannedRun(session, catalog, root, snapshot, stageSql, childStages);
  await run.recordFingerprint();
  return run;
}

/** Checks the call, then stages and classifies: a run ready to write. */
async function plannedRun(
  session: SqlSession,
  catalog: Catalog,
  root: TableSpec,
  snapshot: StagedSnapshot,
  stageSql: string,
  childStages: Readonly<Record<string, string>>,
): Promise<StagedApply> {
  if (root.kind !== 'resource' || !root.history) {
    throw new HotpotError(`${qualifiedName(root)} is not a resource table with history.`, 'NOT_A_RESOURCE');
  }
  const children = catalog.descendantsOf(root);
  const unstaged = children.filter((c) => c.parent?.table !== root.name || childStages[c.name] === undefined);
  if (unstaged.length > 0) {
    throw new HotpotError(
      `${qualifiedName(root)} has child tables the staged apply cannot write (${unstaged.map((c) => c.name).join(', ')}): ` +
        'it needs a stage for each direct child table and handles no grandchildren; use applySnapshot.',
      'STAGED_WITH_CHILDREN',
    );
  }
  const unknown = Object.keys(childStages).filter((name) => !children.some((c) => c.name === name));
  if (unknown.length > 0) {
    throw new HotpotError(
      `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a child table' : 'are not child tables'} of ${qualifiedName(root)}.`,
      'BAD_SNAPSHOT',
    );
  }
  assertLayout(root);
  const collectedAt = new Date(snapshot.collectedAt);
  if (Number.isNaN(collectedAt.getTime())) {
    throw new HotpotError(
      `Snapshot of ${qualifiedName(root)} has an invalid collection time.`,
      'BAD_SNAPSHOT',
    );
  }
  const complete = [...new Set(snapshot.completeScopes)];
  const partial = [...new Set(snapshot.partialScopes ?? [])].filter((s) => !complete.includes(s));
  const ts = collectedAt.toISOString();
  const staged = children.map((c) => new StagedChild(session, c, snapshot.sourceId, ts));
  const run = new StagedApply(session, root, staged, snapshot.sourceId, ts, complete, partial);
  await run.prepare(stageSql, childStages);
  return run;
}

interface Prepared {
  rejected: Rejection[];
  rejectedByScope: Map<string, number>;
  duplicates: number;
  counts: Map<string, Map<Kind, number>>;
  childVersions: Map<StagedChild, number>;
  /** Set when the plan is written in a later transaction (`recordFingerprint`). */
  fingerprint?: string;
}

class StagedApply implements PreparedStagedSnapshot {
  private readonly table: string;
  private readonly current: string;
  private readonly history: string;
  private readonly own: readonly ColumnSpec[];
  private readonly staged = tempName('staged');
  private readonly plan = tempName('plan');
  private readonly missing = tempName('missing');

  constructor(
    private readonly tx: SqlSession,
    private readonly root: TableSpec,
    private readonly children: readonly StagedChild[],
    private readonly sourceId: string,
    private readonly ts: string,
    private readonly completeScopes: readonly string[],
    private readonly partialScopes: readonly string[],
  ) {
    this.table = qualifiedName(root);
    this.current = tableRef(root.layer, root.name);
    this.history = tableRef(historySchema(root.layer), root.name);
    this.own = ownColumns(root);
  }

  private prepared?: Prepared;

  /** Stages, hashes and classifies the rows; writes nothing but temporary tables. */
  async prepare(stageSql: string, childStages: Readonly<Record<string, string>>): Promise<void> {
    await refuseOlderSnapshot(this.tx, this.table, this.sourceId, this.scopes(), this.ts);
    const rejected: Rejection[] = [];
    for (const child of this.children) {
      const refused = await child.stage(childStages[child.name] as string);
      if (refused > 0) {
        rejected.push({
          table: child.table,
          reason: `${refused} staged row(s) of ${child.table} without their natural key or repeating it`,
        });
      }
    }
    const { rejectedByScope, duplicates } = await this.stage(stageSql);
    const counts = await this.countKinds();
    const childVersions = new Map<StagedChild, number>();
    for (const child of this.children) childVersions.set(child, await child.classify(this.plan));
    this.prepared = { rejected, rejectedByScope, duplicates, counts, childVersions };
  }

  /** Notes what the plan was made against, for a write in a later transaction. */
  async recordFingerprint(): Promise<void> {
    this.preparedPlan().fingerprint = await this.storedFingerprint();
  }

  async isCurrent(): Promise<boolean> {
    return (await this.storedFingerprint()) === this.preparedPlan().fingerprint;
  }

  async write(): Promise<ApplyResult> {
    const { rejectedByScope, duplicates, counts, childVersions, ...plan } = this.preparedPlan();
    this.prepared = undefined;
    const scopes = this.scopes();
    await refuseOlderSnapshot(this.tx, this.table, this.sourceId, scopes, this.ts);
    const rejected = [...plan.rejected];
    const versions = sum(counts, 'N') + sum(counts, 'R');
    const blocks = await historyBlocks(this.tx, this.root, versions);
    const deleting = this.completeScopes.filter((s) => !rejectedByScope.has(s));
    const deletedByScope = await this.deleteMissing(deleting);
    // The plan holds what is left to write; freeing a ranked stage's copy of every row before the
    // big inserts keeps them in memory instead of spilling.
    await this.tx.execute(`DROP TABLE IF EXISTS ${this.staged}`);
    await this.replaceChanged(blocks);
    for (const child of this.children) await child.write(this.plan, blocks, childVersions.get(child) ?? 0);
    await this.bumpUnchanged();

    for (const [scope, n] of rejectedByScope) {
      rejected.push({
        table: this.table,
        reason: `${n} staged row(s) of scope ${scope} without a resource_id; missing rows of that scope were kept`,
      });
    }
    for (const scope of scopes) {
      const of = counts.get(scope);
      const outcome: ScopeOutcome = {
        scope,
        complete: deleting.includes(scope),
        seen: [...(of?.values() ?? [])].reduce((a, b) => a + b, 0),
        inserted: of?.get('N') ?? 0,
        changed: (of?.get('R') ?? 0) + (of?.get('V') ?? 0),
        deleted: deletedByScope.get(scope) ?? 0,
        rejected: rejectedByScope.get(scope) ?? 0,
      };
      await recordSyncScope(this.tx, this.table, this.sourceId, this.ts, outcome);
    }
    await this.discard();
    return {
      table: this.table,
      seen: sum(counts, 'N') + sum(counts, 'U') + sum(counts, 'R') + sum(counts, 'V'),
      inserted: sum(counts, 'N'),
      changed: sum(counts, 'R') + sum(counts, 'V'),
      unchanged: sum(counts, 'U'),
      deleted: [...deletedByScope.values()].reduce((a, b) => a + b, 0),
      historyRows: versions + [...childVersions.values()].reduce((a, b) => a + b, 0),
      duplicates,
      deletedMissing: this.completeScopes.length > 0 && deleting.length === this.completeScopes.length,
      rejected,
    };
  }

  async discard(): Promise<void> {
    this.prepared = undefined;
    for (const temp of [this.staged, this.plan, this.missing]) {
      await this.tx.execute(`DROP TABLE IF EXISTS ${temp}`);
    }
    for (const child of this.children) await child.drop();
  }

  private scopes(): string[] {
    return [...this.completeScopes, ...this.partialScopes];
  }

  private preparedPlan(): Prepared {
    if (!this.prepared) {
      throw new HotpotError(
        `The staged snapshot of ${this.table} was written or discarded already.`,
        'BAD_SNAPSHOT',
      );
    }
    return this.prepared;
  }

  /**
   * What the plan depends on, cheaply: the source's current rows (count, latest collection) and
   * its recorded scope outcomes. Every write of the engine changes one of them.
   */
  private async storedFingerprint(): Promise<string> {
    const [rows] = await this.tx.query<{ n: number; at: string | null }>(
      `SELECT count(*) AS n, max(collected_at) AS at FROM ${this.current} WHERE source_id = $1`,
      [this.sourceId],
    );
    const scopes = await this.tx.query(
      `SELECT scope, collected_at, seen, inserted, changed, deleted, rejected FROM meta.sync_scopes
        WHERE table_name = $1 AND source_id = $2 ORDER BY scope`,
      [this.table, this.sourceId],
    );
    return JSON.stringify([Number(rows?.n ?? 0), rows?.at ?? null, scopes]);
  }

  /**
   * The stage, typed as the table and hashed, compared with the stored rows: the plan. The tree
   * hash covers the row's full state and, per child table, the states of its child rows. Stages
   * rarely repeat a resource id, so the plan is made in one pass; only when one does is the stage
   * ranked first (the row with the lowest scope and tree hash stays) and the plan made again.
   */
  private async stage(
    stageSql: string,
  ): Promise<{ rejectedByScope: Map<string, number>; duplicates: number }> {
    const hashed = this.hashedSql(stageSql);
    await this.classify(hashed, false);
    const [dup] = await this.tx.query<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT resource_id FROM ${this.plan} WHERE resource_id <> ''
          GROUP BY resource_id HAVING count(*) > 1) d`,
    );
    if (Number(dup?.n ?? 0) === 0) {
      const counts = await this.checkStage(this.plan, 'FALSE');
      if (counts.rejectedByScope.size > 0) {
        await this.tx.execute(`DELETE FROM ${this.plan} WHERE resource_id IS NULL OR resource_id = ''`);
      }
      return counts;
    }
    await this.tx.execute(`DROP TABLE ${this.plan}`);
    const names = ['scope', 'resource_id', ...this.own.map((c) => c.name), 'content_hash', 'tree_hash']
      .map(quoteIdent)
      .join(', ');
    await this.tx.execute(
      `CREATE TEMP TABLE ${this.staged} AS
       SELECT ${names}, row_number() OVER (PARTITION BY resource_id ORDER BY scope, tree_hash) AS hotpot_dup_rank
         FROM ${hashed} AS h`,
    );
    await analyzeTemp(this.tx, this.staged);
    const counts = await this.checkStage(this.staged, "resource_id <> '' AND hotpot_dup_rank > 1");
    await this.classify(
      `(SELECT * FROM ${this.staged} WHERE hotpot_dup_rank = 1 AND resource_id <> '')`,
      true,
    );
    return counts;
  }

  /** SELECT of the staged rows typed as the table, with their content and tree hashes. */
  private hashedSql(stageSql: string): string {
    const { content, state, hasVolatile } = hashTexts(this.tx, this.own, 'typed.');
    const names = this.own.map((c) => quoteIdent(c.name)).join(', ');
    const text = this.tx.dialect.sqlType('text');
    // Without volatile columns or children the tree hash is the content hash: computed once.
    let tree = hasVolatile ? `md5(${state})` : undefined;
    let joins = '';
    if (this.children.length > 0) {
      const parts = this.children.map(
        (child, i) => `COALESCE(c${i}.hotpot_state, ${quoteLiteral(`${child.name}`)} || chr(4))`,
      );
      tree = `md5(${state} || chr(3) || ${parts.join(' || chr(3) || ')})`;
      joins = this.children
        .map((child, i) => ` LEFT JOIN ${child.treeState()} c${i} ON c${i}.resource_id = typed.resource_id`)
        .join('');
    }
    const qualified = this.own.map((c) => `typed.${quoteIdent(c.name)}`).join(', ');
    return `(SELECT scope, resource_id, ${names}, content_hash, ${tree ? 'tree_hash' : 'content_hash AS tree_hash'}
         FROM (SELECT typed.scope, typed.resource_id, ${qualified}, md5(${content}) AS content_hash
                      ${tree ? `, ${tree} AS tree_hash` : ''}
                 FROM (SELECT CAST(src.scope AS ${text}) AS scope,
                              CAST(src.resource_id AS ${text}) AS resource_id, ${typedColumns(this.tx, this.own)}
                         FROM ${asSubquery(stageSql)} AS src) AS typed${joins}) AS hashed)`;
  }

  /** Rows without a resource id per scope, and `duplicate` rows; refuses scopes the snapshot does not name. */
  private async checkStage(
    table: string,
    duplicate: string,
  ): Promise<{ rejectedByScope: Map<string, number>; duplicates: number }> {
    const scopes = this.scopes();
    const rows = await this.tx.query<{ scope: string | null; rejected: number; duplicates: number }>(
      `SELECT scope,
              sum(CASE WHEN resource_id IS NULL OR resource_id = '' THEN 1 ELSE 0 END) AS rejected,
              sum(CASE WHEN ${duplicate} THEN 1 ELSE 0 END) AS duplicates
         FROM ${table} GROUP BY scope`,
    );
    const unknown = rows.filter((r) => r.scope === null || !scopes.includes(r.scope)).map((r) => r.scope);
    if (unknown.length > 0) {
      throw new HotpotError(
        `Staged snapshot of ${this.table} has rows of scope(s) ${unknown.map((s) => JSON.stringify(s)).join(', ')} ` +
          'that it names neither complete nor partial.',
        'BAD_SNAPSHOT',
      );
    }
    const rejectedByScope = new Map<string, number>();
    let duplicates = 0;
    for (const r of rows) {
      if (Number(r.rejected) > 0) rejectedByScope.set(r.scope as string, Number(r.rejected));
      duplicates += Number(r.duplicates);
    }
    return { rejectedByScope, duplicates };
  }

  /**
   * The plan: each staged row against its stored row anywhere in the source (a moved resource is
   * found). New versions are numbered only for rows with a resource id (`ranked`: the source
   * holds no others).
   */
  private async classify(source: string, ranked: boolean): Promise<void> {
    const cols = ['scope', 'resource_id', ...this.own.map((c) => c.name), 'content_hash', 'tree_hash']
      .map((c) => `s.${quoteIdent(c)}`)
      .join(', ');
    const counter = await tempCounter(this.tx);
    const numbered = ranked
      ? "x.hotpot_kind IN ('N', 'R')"
      : "x.hotpot_kind IN ('N', 'R') AND x.resource_id <> ''";
    await this.tx.execute(
      `CREATE TEMP TABLE ${this.plan} AS
       SELECT x.*, CASE WHEN ${numbered} THEN ${counter.next} END AS hotpot_k
         FROM (SELECT ${cols}, c.history_id AS hotpot_old_history_id, c.first_collected_at AS hotpot_old_first,
                      CASE WHEN c.resource_id IS NULL THEN 'N'
                           WHEN c.scope = s.scope AND c.tree_hash = s.tree_hash THEN 'U'
                           WHEN c.scope <> s.scope OR c.content_hash <> s.content_hash THEN 'R'
                           ELSE 'V' END AS hotpot_kind
                 FROM ${source} s
                 LEFT JOIN ${this.current} c ON c.source_id = $1 AND c.resource_id = s.resource_id) AS x`,
      [this.sourceId],
    );
    await counter.drop();
    await analyzeTemp(this.tx, this.plan);
  }

  private async countKinds(): Promise<Map<string, Map<Kind, number>>> {
    const rows = await this.tx.query<{ scope: string; kind: Kind; n: number }>(
      `SELECT scope, hotpot_kind AS kind, count(*) AS n FROM ${this.plan} GROUP BY scope, hotpot_kind`,
    );
    const out = new Map<string, Map<Kind, number>>();
    for (const r of rows) {
      let of = out.get(r.scope);
      if (!of) out.set(r.scope, (of = new Map()));
      of.set(r.kind, Number(r.n));
    }
    return out;
  }

  private async deleteMissing(scopes: readonly string[]): Promise<Map<string, number>> {
    const byScope = new Map<string, number>();
    if (scopes.length === 0) return byScope;
    await this.tx.execute(
      `CREATE TEMP TABLE ${this.missing} AS
       SELECT c.resource_id, c.scope, c.history_id FROM ${this.current} c
        WHERE c.source_id = $1 AND ${this.tx.dialect.inList('c.scope', '$2', 'text')}
          AND NOT EXISTS (SELECT 1 FROM ${this.plan} s WHERE s.resource_id = c.resource_id)`,
      [this.sourceId, scopes],
    );
    const rows = await this.tx.query<{ scope: string; n: number }>(
      `SELECT scope, count(*) AS n FROM ${this.missing} GROUP BY scope`,
    );
    for (const r of rows) byScope.set(r.scope, Number(r.n));
    if (rows.length === 0) return byScope;
    await this.tx.execute(
      `UPDATE ${this.history} SET valid_to = $1::timestamptz WHERE history_id IN (SELECT history_id FROM ${this.missing})`,
      [this.ts],
    );
    for (const child of this.children) await child.deleteMissing(this.missing);
    await this.tx.execute(
      `DELETE FROM ${this.current} WHERE source_id = $1 AND resource_id IN (SELECT resource_id FROM ${this.missing})`,
      [this.sourceId],
    );
    return byScope;
  }

  /** New and changed resources: close their old version, replace the current row, open a version. */
  private async replaceChanged(blocks: readonly number[]): Promise<void> {
    const own = this.own.map((c) => quoteIdent(c.name)).join(', ');
    const text = this.tx.dialect.sqlType('text');
    const firstCollected = 'COALESCE(hotpot_old_first, $2::timestamptz)';
    const params: SqlParam[] = [this.sourceId, this.ts, blocks];
    await this.tx.execute(
      `UPDATE ${this.history} SET valid_to = $1::timestamptz
        WHERE history_id IN (SELECT hotpot_old_history_id FROM ${this.plan} WHERE hotpot_kind = 'R')`,
      [this.ts],
    );
    await this.tx.execute(
      `DELETE FROM ${this.current} WHERE source_id = $1
          AND resource_id IN (SELECT resource_id FROM ${this.plan} WHERE hotpot_kind IN ('R', 'V'))`,
      [this.sourceId],
    );
    const newId = newHistoryId(this.tx, 'hotpot_k', '$3');
    await this.tx.execute(
      `INSERT INTO ${this.current}
       SELECT CAST($1 AS ${text}), resource_id, scope, ${own}, $2::timestamptz, ${firstCollected}, content_hash,
              tree_hash, CASE WHEN hotpot_kind = 'V' THEN hotpot_old_history_id ELSE ${newId} END
         FROM ${this.plan} WHERE hotpot_kind IN ('N', 'R', 'V')`,
      params,
    );
    if (blocks.length === 0) return;
    await this.tx.execute(
      `INSERT INTO ${this.history}
       SELECT ${newId}, CAST($1 AS ${text}), resource_id, scope, ${own}, $2::timestamptz, ${firstCollected},
              content_hash, $2::timestamptz, CAST(NULL AS timestamptz)
         FROM ${this.plan} WHERE hotpot_kind IN ('N', 'R')`,
      params,
    );
  }

  private async bumpUnchanged(): Promise<void> {
    await this.tx.execute(
      `UPDATE ${this.current} SET collected_at = $2::timestamptz
        WHERE source_id = $1 AND collected_at <> $2::timestamptz
          AND resource_id IN (SELECT resource_id FROM ${this.plan} WHERE hotpot_kind = 'U')`,
      [this.sourceId, this.ts],
    );
  }
}

function sum(counts: ReadonlyMap<string, ReadonlyMap<Kind, number>>, kind: Kind): number {
  let n = 0;
  for (const of of counts.values()) n += of.get(kind) ?? 0;
  return n;
}
