import { ownColumns } from '../catalog/define.ts';
import { historySchema, qualifiedName, type ColumnSpec, type TableSpec } from '../catalog/types.ts';
import { quoteIdent, quoteLiteral, tableRef } from '../dialects/types.ts';
import type { SqlSession } from '../store/types.ts';
import { assertLayout } from './layout.ts';
import {
  analyzeTemp,
  asSubquery,
  hashTexts,
  historyBlocks,
  newHistoryId,
  tempName,
  typedColumns,
} from './staged-sql.ts';

/**
 * The staged apply of one child table of the root, row by row as `applySnapshot` does it: for a
 * resource whose tree changed, an unchanged child row keeps its version, a new or changed one
 * opens a version (closing the old one), a vanished one closes its version.
 */
export class StagedChild {
  readonly name: string;
  private readonly own: readonly ColumnSpec[];
  private readonly keys: readonly string[];
  private readonly current: string;
  private readonly history: string;
  private readonly staged = tempName('staged_child');
  private readonly plan = tempName('plan_child');

  constructor(
    private readonly tx: SqlSession,
    readonly spec: TableSpec,
    private readonly sourceId: string,
    private readonly ts: string,
  ) {
    assertLayout(spec);
    this.name = spec.name;
    this.own = ownColumns(spec);
    this.keys = spec.parent?.naturalKey ?? [];
    this.current = tableRef(spec.layer, spec.name);
    this.history = tableRef(historySchema(spec.layer), spec.name);
  }

  private keyMatch(a: string, b: string): string {
    return ['resource_id', ...this.keys]
      .map((k) => `${a}.${quoteIdent(k)} = ${b}.${quoteIdent(k)}`)
      .join(' AND ');
  }

  /** Types and hashes the staged rows; returns how many were refused (no key, repeated key). */
  async stage(stageSql: string): Promise<number> {
    const names = this.own.map((c) => quoteIdent(c.name)).join(', ');
    const { content, state } = hashTexts(this.tx, this.own);
    const keyed = ['resource_id', ...this.keys].map(quoteIdent).join(', ');
    const complete = ['resource_id', ...this.keys].map((k) => `${quoteIdent(k)} IS NOT NULL`).join(' AND ');
    const text = this.tx.dialect.sqlType('text');
    // A row missing a key column is refused; of rows repeating a key the lowest state is kept.
    await this.tx.execute(
      `CREATE TEMP TABLE ${this.staged} AS
       SELECT *, (hotpot_complete AND row_number() OVER (PARTITION BY ${keyed} ORDER BY hotpot_state_hash) = 1) AS hotpot_keep
         FROM (SELECT resource_id, ${names}, md5(${content}) AS content_hash, md5(${state}) AS hotpot_state_hash,
                      (${complete}) AS hotpot_complete
                 FROM (SELECT CAST(src.resource_id AS ${text}) AS resource_id, ${typedColumns(this.tx, this.own)}
                         FROM ${asSubquery(stageSql)} AS src) AS typed) AS hashed`,
    );
    await analyzeTemp(this.tx, this.staged);
    const [row] = await this.tx.query<{ refused: number }>(
      `SELECT count(*) AS refused FROM ${this.staged} WHERE NOT hotpot_keep`,
    );
    return Number(row?.refused ?? 0);
  }

  /** `(resource_id, state)`: this table's part of each staged resource's tree text. */
  treeState(): string {
    return `(SELECT resource_id, ${quoteLiteral(this.name)} || chr(4) || string_agg(hotpot_state_hash, chr(4) ORDER BY hotpot_state_hash) AS hotpot_state
               FROM ${this.staged} WHERE hotpot_keep GROUP BY resource_id)`;
  }

  /**
   * Compares the child rows of every resource whose tree changed (root plan kinds N, R, V) with
   * the stored ones; returns the number of versions to open.
   */
  async classify(rootPlan: string): Promise<number> {
    const cols = ['resource_id', ...this.own.map((c) => c.name), 'content_hash']
      .map((c) => `n.${quoteIdent(c)}`)
      .join(', ');
    await this.tx.execute(
      `CREATE TEMP TABLE ${this.plan} AS
       SELECT x.*, CASE WHEN x.hotpot_kind = 'O'
                        THEN row_number() OVER (PARTITION BY x.hotpot_kind = 'O' ORDER BY x.resource_id, x.content_hash) - 1
                        END AS hotpot_k
         FROM (SELECT ${cols}, p.hotpot_kind AS hotpot_parent_kind, p.hotpot_k AS hotpot_parent_k,
                      p.hotpot_old_history_id AS hotpot_parent_old_history_id, o.history_id AS hotpot_old_history_id,
                      CASE WHEN o.content_hash = n.content_hash THEN 'K' ELSE 'O' END AS hotpot_kind
                 FROM ${this.staged} n
                 JOIN ${rootPlan} p ON p.resource_id = n.resource_id AND p.hotpot_kind IN ('N', 'R', 'V')
                 LEFT JOIN ${this.current} o ON o.source_id = $1 AND ${this.keyMatch('o', 'n')}
                WHERE n.hotpot_keep) AS x`,
      [this.sourceId],
    );
    await analyzeTemp(this.tx, this.plan);
    const [row] = await this.tx.query<{ n: number }>(
      `SELECT count(*) AS n FROM ${this.plan} WHERE hotpot_kind = 'O'`,
    );
    return Number(row?.n ?? 0);
  }

  /** Closes the versions of stored child rows of resources that are deleted (`missing` has their ids). */
  async deleteMissing(missing: string): Promise<void> {
    await this.tx.execute(
      `UPDATE ${this.history} SET valid_to = $1::timestamptz
        WHERE source_id = $2 AND valid_to IS NULL AND resource_id IN (SELECT resource_id FROM ${missing})`,
      [this.ts, this.sourceId],
    );
    await this.tx.execute(
      `DELETE FROM ${this.current} WHERE source_id = $1 AND resource_id IN (SELECT resource_id FROM ${missing})`,
      [this.sourceId],
    );
  }

  /**
   * Writes the child rows of resources whose tree changed. `rootBlocks` are the root's new history
   * blocks (the parent version of a child is the root's version current after this snapshot).
   */
  async write(rootPlan: string, rootBlocks: readonly number[], versions: number): Promise<void> {
    const blocks = await historyBlocks(this.tx, this.spec, versions);
    // Replaced versions, and versions of stored rows the staged tree no longer has.
    await this.tx.execute(
      `UPDATE ${this.history} SET valid_to = $1::timestamptz
        WHERE history_id IN (SELECT hotpot_old_history_id FROM ${this.plan} WHERE hotpot_kind = 'O' AND hotpot_old_history_id IS NOT NULL)
           OR history_id IN (SELECT o.history_id FROM ${this.current} o
                               JOIN ${rootPlan} p ON p.resource_id = o.resource_id AND p.hotpot_kind IN ('R', 'V')
                              WHERE o.source_id = $2
                                AND NOT EXISTS (SELECT 1 FROM ${this.staged} n WHERE n.hotpot_keep AND ${this.keyMatch('n', 'o')}))`,
      [this.ts, this.sourceId],
    );
    await this.tx.execute(
      `DELETE FROM ${this.current} WHERE source_id = $1
          AND resource_id IN (SELECT resource_id FROM ${rootPlan} WHERE hotpot_kind IN ('R', 'V'))`,
      [this.sourceId],
    );
    const own = this.own.map((c) => quoteIdent(c.name)).join(', ');
    const text = this.tx.dialect.sqlType('text');
    const id = newHistoryId(this.tx, 'hotpot_k', '$2');
    await this.tx.execute(
      `INSERT INTO ${this.current}
       SELECT CAST($1 AS ${text}), resource_id, ${own}, content_hash, CASE WHEN hotpot_kind = 'K' THEN hotpot_old_history_id ELSE ${id} END
         FROM ${this.plan}`,
      [this.sourceId, blocks],
    );
    if (versions === 0) return;
    const parentId = `CASE WHEN hotpot_parent_kind = 'V' THEN hotpot_parent_old_history_id ELSE ${newHistoryId(this.tx, 'hotpot_parent_k', '$3')} END`;
    await this.tx.execute(
      `INSERT INTO ${this.history}
       SELECT ${id}, ${parentId}, CAST($1 AS ${text}), resource_id, ${own}, content_hash, $4::timestamptz,
              CAST(NULL AS timestamptz)
         FROM ${this.plan} WHERE hotpot_kind = 'O'`,
      [this.sourceId, blocks, rootBlocks, this.ts],
    );
  }

  async drop(): Promise<void> {
    for (const temp of [this.staged, this.plan]) await this.tx.execute(`DROP TABLE IF EXISTS ${temp}`);
  }

  get table(): string {
    return qualifiedName(this.spec);
  }
}
