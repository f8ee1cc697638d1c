import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Catalog } from '../../db/catalog/catalog.ts';
import type { ColumnSpec } from '../../db/catalog/types.ts';
import { HotpotError } from '../../db/errors.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import type { Row, SqlParam, SqlSession, Store } from '../../db/store/types.ts';
import { DEFAULT_READER_ROLE, advisoryLock, prepareCentral } from './central.ts';
import { canCopyDirect, centralHoldsSources, copyFamilyDirect } from './direct.ts';
import {
  NO_WATERMARK,
  childCurrentQuery,
  childrenOfQuery,
  goneQuery,
  highMark,
  historyQuery,
  plainQuery,
  rootCurrentQuery,
  type LocalQuery,
} from './extract.ts';
import { publishFamilies, type TableFamily } from './families.ts';
import { StagedFamily } from './merge.ts';
import { GONE_COLUMNS, currentStageColumns, historyStageColumns, toStageRows } from './staging.ts';
import type { PublishOptions, PublishResult, TablePublishResult } from './types.ts';

const DEFAULT_CHUNK_ROWS = 20_000;
/** Resource ids per round trip when the central side asks for children it lacks. */
const ID_CHUNK = 5_000;

/**
 * Publishes the local store to the central PostgreSQL: migrates it from the catalog, then merges
 * each table family (a resource table with its children, or a plain table) in one transaction.
 * Only what changed since this publisher's last successful publish of a family is sent.
 */
export async function publish(
  local: Store,
  central: Store,
  catalog: Catalog,
  options: PublishOptions,
): Promise<PublishResult> {
  if (!options.publisherId.trim()) throw new HotpotError('A publisher id is required.', 'PUBLISH_ID');
  const started = performance.now();
  const publishId = randomUUID();
  const families = publishFamilies(catalog, options.tables);
  const migration = await prepareCentral(
    central,
    options.migrations ?? MIGRATIONS,
    options.readerRole ?? DEFAULT_READER_ROLE,
  );
  const tables: TablePublishResult[] = [];
  for (const family of families) {
    options.signal?.throwIfAborted();
    options.onProgress?.({ done: tables.length, total: families.length, table: family.name, phase: 'start' });
    const result = await new FamilyPublisher(local, central, catalog, family, publishId, options).run();
    tables.push(result);
    options.onProgress?.({
      done: tables.length,
      total: families.length,
      table: family.name,
      phase: 'committed',
      result,
    });
  }
  return {
    publishId,
    publisherId: options.publisherId,
    target: central.location,
    migrationsApplied: migration.applied,
    tables,
    rowsWritten: tables.reduce((n, t) => n + t.currentWritten + t.historyWritten, 0),
    ms: Math.round(performance.now() - started),
  };
}

interface FamilyOutcome {
  current: number;
  history: number;
  skipped: number;
  collectedAt: string | null;
  /** New watermark; null when nothing is recorded (plain tables, nothing changed). */
  to: string | null;
  path: 'direct' | 'merge';
}

class FamilyPublisher {
  private sent = 0;

  constructor(
    private readonly local: Store,
    private readonly central: Store,
    private readonly catalog: Catalog,
    private readonly family: TableFamily,
    private readonly publishId: string,
    private readonly options: PublishOptions,
  ) {}

  async run(): Promise<TablePublishResult> {
    const started = performance.now();
    const startedAt = new Date().toISOString();
    // One central transaction per family: a batch is merged whole or not at all, and its
    // watermark commits with it, so an interrupted publish simply redoes unfinished families.
    return this.central.transaction(async (tx) => {
      // Publishers of the same family queue here; each transaction holds one such lock only, so
      // there is no lock-order cycle between publishers.
      await advisoryLock(tx, `table:${this.family.name}`);
      const from = await this.watermark(tx);
      const outcome = await this.readLocal(async (ltx) => this.send(tx, ltx, from));
      const result: TablePublishResult = {
        table: this.family.name,
        rowsSent: this.sent,
        currentWritten: outcome.current,
        historyWritten: outcome.history,
        skippedOlder: outcome.skipped,
        collectedAt: outcome.collectedAt,
        path: outcome.path,
        ms: Math.round(performance.now() - started),
      };
      if (outcome.to !== null && (this.sent > 0 || outcome.to !== from)) {
        await this.record(tx, from, outcome.to, result, startedAt);
      }
      return result;
    });
  }

  /** A consistent snapshot of the local store for the whole family. */
  private readLocal<T>(fn: (ltx: SqlSession) => Promise<T>): Promise<T> {
    return this.local.transaction(async (ltx) => {
      if (ltx.dialect.name === 'postgres')
        await ltx.execute('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      return fn(ltx);
    });
  }

  private async watermark(tx: SqlSession): Promise<string | null> {
    const [row] = await tx.query<{ watermark: string }>(
      'SELECT watermark FROM meta.publish_watermarks WHERE publisher_id = $1 AND table_name = $2',
      [this.options.publisherId, this.family.name],
    );
    return row?.watermark ?? null;
  }

  /** Sends what changed since the watermark `from` (null: never published) by the cheapest safe path. */
  private async send(tx: SqlSession, ltx: SqlSession, from: string | null): Promise<FamilyOutcome> {
    const { root } = this.family;
    const nothing: FamilyOutcome = {
      current: 0,
      history: 0,
      skipped: 0,
      collectedAt: null,
      to: null,
      path: 'merge',
    };
    if (root.kind !== 'plain') {
      const to = await highMark(ltx, this.family);
      if (to === null || (from !== null && to <= from)) return nothing;
      const sessions = { ltx, tx };
      if (
        from === null &&
        this.options.directCopy !== false &&
        canCopyDirect(sessions, this.family) &&
        !(await centralHoldsSources(sessions, this.family))
      ) {
        const direct = await copyFamilyDirect(sessions, this.catalog, this.family, this.options.signal);
        this.sent += direct.sent;
        await this.afterStage();
        return { ...direct, skipped: 0, to, path: 'direct' };
      }
      return { ...(await this.stageAndMerge(tx, ltx, from ?? NO_WATERMARK)), to, path: 'merge' };
    }
    const staged = new StagedFamily(tx, this.catalog, this.family);
    await this.stage(ltx, staged, staged.stageName('cur', root), root.columns, plainQuery(root));
    await this.afterStage(staged);
    return { ...nothing, current: await staged.mergePlain() };
  }

  /** Stages the changes of a resource family on the central side and merges them. */
  private async stageAndMerge(
    tx: SqlSession,
    ltx: SqlSession,
    from: string,
  ): Promise<Omit<FamilyOutcome, 'to' | 'path'>> {
    const staged = new StagedFamily(tx, this.catalog, this.family);
    const { root, children } = this.family;

    await this.stage(
      ltx,
      staged,
      staged.stageName('cur', root),
      currentStageColumns(root),
      rootCurrentQuery(this.family, from),
    );
    for (const child of children) {
      const query = childCurrentQuery(this.family, child, from);
      await this.stage(ltx, staged, staged.stageName('cur', child), currentStageColumns(child), query);
    }
    if (root.history) {
      for (const spec of [root, ...children]) {
        const parent = spec.parent ? this.catalog.get(`${spec.layer}.${spec.parent.table}`) : undefined;
        const query = historyQuery(spec, parent, from);
        await this.stage(ltx, staged, staged.stageName('hist', spec), historyStageColumns(spec), query);
      }
      await this.stage(ltx, staged, 'hp_gone', GONE_COLUMNS, goneQuery(this.family, from));
    }
    await this.afterStage(staged);

    const history = await staged.mergeHistory();
    const roots = await staged.mergeRoots();
    await this.stageMissingChildren(ltx, staged);
    const current = roots.written + (await staged.mergeChildren()) + (await staged.mergeGone());
    return { current, history, skipped: roots.skipped, collectedAt: await staged.latestCollection() };
  }

  /** The batch is on the central side, not yet committed (the crash tests' kill point). */
  private async afterStage(staged?: StagedFamily): Promise<void> {
    await staged?.analyze();
    this.options.onProgress?.({ done: 0, total: 0, table: this.family.name, phase: 'staged' });
    await this.options.afterStage?.(this.family.name);
    this.options.signal?.throwIfAborted();
  }

  /**
   * The central copy of a resource can come from another publisher with different children; the
   * resources whose tree differs there but whose children were not sent are fetched now.
   */
  private async stageMissingChildren(ltx: SqlSession, staged: StagedFamily): Promise<void> {
    const missing = await staged.missingChildren();
    for (const [sourceId, ids] of missing) {
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const chunk = ids.slice(i, i + ID_CHUNK);
        for (const child of this.family.children) {
          const inList = ltx.dialect.inList('c.resource_id', '$2', 'text');
          const query = { sql: childrenOfQuery(child, inList), params: [sourceId, chunk] };
          await this.stage(ltx, staged, staged.stageName('cur', child), currentStageColumns(child), query);
        }
      }
    }
  }

  /**
   * Streams a local query into a staging table. Reading the next chunk overlaps with the COPY of
   * the previous one (two connections), which is most of the publish time.
   */
  private async stage(
    ltx: SqlSession,
    staged: StagedFamily,
    name: string,
    columns: readonly ColumnSpec[],
    query: LocalQuery | { sql: string; params: readonly SqlParam[] },
  ): Promise<void> {
    await staged.create(name, columns);
    let pending: Promise<void> = Promise.resolve();
    let failure: unknown;
    const chunkRows = this.options.chunkRows ?? DEFAULT_CHUNK_ROWS;
    for await (const rows of ltx.stream(query.sql, query.params as SqlParam[], chunkRows)) {
      this.options.signal?.throwIfAborted();
      const values = toStageRows(rows as Row[], columns);
      await pending;
      if (failure) throw failure;
      this.sent += values.length;
      pending = staged.copy(name, columns, values).catch((error: unknown) => {
        failure = error;
      });
    }
    await pending;
    if (failure) throw failure;
  }

  private async record(
    tx: SqlSession,
    from: string | null,
    to: string,
    result: TablePublishResult,
    startedAt: string,
  ): Promise<void> {
    const now = new Date().toISOString();
    await tx.execute(
      `INSERT INTO meta.publish_watermarks (publisher_id, table_name, watermark, publish_id, published_at)
       VALUES ($1, $2, $3::timestamptz, $4, $5::timestamptz)
       ON CONFLICT (publisher_id, table_name) DO UPDATE SET
         watermark = excluded.watermark, publish_id = excluded.publish_id, published_at = excluded.published_at`,
      [this.options.publisherId, this.family.name, to, this.publishId, now],
    );
    await tx.execute(
      `INSERT INTO meta.publish_log (publish_id, table_name, publisher_id, collected_at, watermark_from, watermark_to,
         rows_sent, current_written, history_written, skipped_older, started_at, finished_at)
       VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, $6::timestamptz, $7, $8, $9, $10, $11::timestamptz, $12::timestamptz)`,
      [
        this.publishId,
        this.family.name,
        this.options.publisherId,
        result.collectedAt,
        from,
        to,
        result.rowsSent,
        result.currentWritten,
        result.historyWritten,
        result.skippedOlder,
        startedAt,
        now,
      ],
    );
  }
}
