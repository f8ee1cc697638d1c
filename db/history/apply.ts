import type { Catalog } from '../catalog/catalog.ts';
import { historyColumns } from '../catalog/define.ts';
import { historySchema, qualifiedName, type TableSpec } from '../catalog/types.ts';
import { tableRef } from '../dialects/types.ts';
import { HotpotError } from '../errors.ts';
import type { BulkTarget, BulkValue, SqlSession, Store } from '../store/types.ts';
import { HistoryIds } from './ids.ts';
import {
  assertLayout,
  childCurrentRow,
  childHistoryRow,
  resourceCurrentRow,
  resourceHistoryRow,
  type ChildRowInput,
} from './layout.ts';
import { TablePlan, prepareRecord, type PreparedResource } from './prepare.ts';
import { recordSyncScope, refuseOlderSnapshot } from './sync-scopes.ts';
import type { ApplyResult, Rejection, SnapshotRecord, SnapshotScope } from './types.ts';

export interface ApplyOptions {
  /** Resources processed per round trip; bounds memory for large scopes. */
  readonly batchSize?: number;
}

interface IndexEntry {
  contentHash: string;
  treeHash: string;
  historyId: number;
  firstCollectedAt: string;
  moved?: boolean;
}

interface ChildState {
  hash: string;
  historyId: number;
}

const SEP = '\u0001';

interface TableIo {
  plan: TablePlan;
  current: string;
  history: string;
  currentTarget: BulkTarget;
  historyTarget: BulkTarget;
  ids: HistoryIds;
}

function tableIo(spec: TableSpec, parent: TableSpec | undefined): TableIo {
  assertLayout(spec);
  const hSchema = historySchema(spec.layer);
  return {
    plan: new TablePlan(spec, parent),
    current: tableRef(spec.layer, spec.name),
    history: tableRef(hSchema, spec.name),
    currentTarget: { schema: spec.layer, table: spec.name, columns: spec.columns },
    historyTarget: { schema: hSchema, table: spec.name, columns: historyColumns(spec) },
    ids: new HistoryIds(spec),
  };
}

/**
 * Applies one scope's snapshot to a resource table, its child tables and their history (SCD 4):
 * new objects open a version, changed content closes and reopens one (per child row for
 * children), unchanged objects only get `collected_at` bumped, and objects missing from a
 * complete listing are deleted with their history closed. All in one transaction.
 */
export async function applySnapshot(
  store: Store,
  catalog: Catalog,
  root: TableSpec,
  scope: SnapshotScope,
  records: Iterable<SnapshotRecord> | AsyncIterable<SnapshotRecord>,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  if (root.kind !== 'resource' || !root.history) {
    throw new HotpotError(`${qualifiedName(root)} is not a resource table with history.`, 'NOT_A_RESOURCE');
  }
  if (store.readOnly) throw new HotpotError(`The store ${store.location} is read-only.`, 'STORE_READ_ONLY');
  const collectedAt = new Date(scope.collectedAt);
  if (Number.isNaN(collectedAt.getTime())) {
    throw new HotpotError(
      `Snapshot of ${qualifiedName(root)} has an invalid collection time.`,
      'BAD_SNAPSHOT',
    );
  }
  return store.transaction((tx) =>
    new SnapshotApplier(tx, catalog, root, scope, collectedAt.toISOString(), options.batchSize ?? 5000).run(
      records,
    ),
  );
}

class SnapshotApplier {
  private readonly rootIo: TableIo;
  private readonly childIo: TableIo[];
  private readonly index = new Map<string, IndexEntry>();
  private readonly seen = new Set<string>();
  private readonly rejections: Rejection[] = [];
  private readonly unchangedIds: string[] = [];
  private readonly rejectedIds: string[] = [];
  private readonly table: string;
  private stats = { inserted: 0, changed: 0, unchanged: 0, deleted: 0, historyRows: 0, duplicates: 0 };

  constructor(
    private readonly tx: SqlSession,
    catalog: Catalog,
    root: TableSpec,
    private readonly scope: SnapshotScope,
    private readonly ts: string,
    private readonly batchSize: number,
  ) {
    this.table = qualifiedName(root);
    this.rootIo = tableIo(root, undefined);
    this.childIo = catalog
      .descendantsOf(root)
      .map((child) =>
        tableIo(child, child.parent ? catalog.get(`${child.layer}.${child.parent.table}`) : undefined),
      );
  }

  async run(records: Iterable<SnapshotRecord> | AsyncIterable<SnapshotRecord>): Promise<ApplyResult> {
    await refuseOlderSnapshot(this.tx, this.table, this.scope.sourceId, [this.scope.scope], this.ts);
    await this.loadIndex();
    let batch: PreparedResource[] = [];
    for await (const record of records) {
      const before = this.rejections.length;
      const prepared = prepareRecord(
        record,
        this.rootIo.plan,
        this.childIo.map((io) => io.plan),
        this.rejections,
      );
      if (!prepared) {
        const id = this.rejections[before]?.resourceId;
        if (id !== undefined && !this.seen.has(id)) {
          this.seen.add(id);
          this.rejectedIds.push(id);
        }
        continue;
      }
      if (this.seen.has(prepared.resourceId)) {
        this.stats.duplicates++;
        continue;
      }
      this.seen.add(prepared.resourceId);
      batch.push(prepared);
      if (batch.length >= this.batchSize) {
        await this.processBatch(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await this.processBatch(batch);
    const complete = typeof this.scope.complete === 'function' ? this.scope.complete() : this.scope.complete;
    const deletedMissing = complete && !this.rejections.some((r) => r.resourceId === undefined);
    if (deletedMissing) await this.deleteMissing();
    await this.bumpUnchanged(deletedMissing);
    await this.recordScope(deletedMissing);
    return {
      table: this.table,
      seen: this.seen.size,
      ...this.stats,
      deletedMissing,
      rejected: this.rejections,
    };
  }

  private async loadIndex(): Promise<void> {
    const sql = `SELECT resource_id, content_hash, tree_hash, history_id, first_collected_at FROM ${this.rootIo.current} WHERE source_id = $1 AND scope = $2`;
    for await (const rows of this.tx.stream(sql, [this.scope.sourceId, this.scope.scope])) {
      for (const r of rows) {
        this.index.set(r.resource_id as string, {
          contentHash: r.content_hash as string,
          treeHash: r.tree_hash as string,
          historyId: Number(r.history_id),
          firstCollectedAt: r.first_collected_at as string,
        });
      }
    }
  }

  /** Objects this scope has not stored yet but another scope of the same source has (moved). */
  private async findElsewhere(ids: string[]): Promise<Map<string, IndexEntry>> {
    const found = new Map<string, IndexEntry>();
    if (ids.length === 0) return found;
    const inList = this.tx.dialect.inList('resource_id', '$2', 'text');
    const rows = await this.tx.query(
      `SELECT resource_id, content_hash, tree_hash, history_id, first_collected_at FROM ${this.rootIo.current} WHERE source_id = $1 AND ${inList}`,
      [this.scope.sourceId, ids],
    );
    for (const r of rows) {
      found.set(r.resource_id as string, {
        contentHash: r.content_hash as string,
        treeHash: r.tree_hash as string,
        historyId: Number(r.history_id),
        firstCollectedAt: r.first_collected_at as string,
        moved: true,
      });
    }
    return found;
  }

  private async storedChildren(io: TableIo, ids: string[]): Promise<Map<string, Map<string, ChildState>>> {
    const byParent = new Map<string, Map<string, ChildState>>();
    if (ids.length === 0) return byParent;
    const keyColumns = io.plan.spec.parent?.naturalKey ?? [];
    const inList = this.tx.dialect.inList('resource_id', '$2', 'text');
    const rows = await this.tx.query(
      `SELECT resource_id, ${keyColumns.map((k) => `"${k}"`).join(', ')}, content_hash, history_id FROM ${io.current} WHERE source_id = $1 AND ${inList}`,
      [this.scope.sourceId, ids],
    );
    for (const r of rows) {
      const id = r.resource_id as string;
      let children = byParent.get(id);
      if (!children) byParent.set(id, (children = new Map()));
      children.set(io.plan.keyFromStored(r), {
        hash: r.content_hash as string,
        historyId: Number(r.history_id),
      });
    }
    return byParent;
  }

  private async processBatch(batch: PreparedResource[]): Promise<void> {
    const changed: Array<{ p: PreparedResource; prev: IndexEntry }> = [];
    const candidates: PreparedResource[] = [];
    for (const p of batch) {
      const prev = this.index.get(p.resourceId);
      if (!prev) candidates.push(p);
      else if (prev.treeHash === p.treeHash) {
        this.stats.unchanged++;
        this.unchangedIds.push(p.resourceId);
      } else changed.push({ p, prev });
    }
    const elsewhere = await this.findElsewhere(candidates.map((p) => p.resourceId));
    const fresh: PreparedResource[] = [];
    for (const p of candidates) {
      const prev = elsewhere.get(p.resourceId);
      if (prev) changed.push({ p, prev });
      else fresh.push(p);
    }
    this.stats.inserted += fresh.length;
    this.stats.changed += changed.length;
    if (fresh.length === 0 && changed.length === 0) return;

    const changedIds = changed.map((c) => c.p.resourceId);
    const closeByTable = new Map<TableIo, number[]>();
    const curRows = new Map<TableIo, BulkValue[][]>();
    const histRows = new Map<TableIo, BulkValue[][]>();
    for (const io of [this.rootIo, ...this.childIo]) {
      closeByTable.set(io, []);
      curRows.set(io, []);
      histRows.set(io, []);
    }
    const { sourceId, scope } = this.scope;

    // Parents: a new version only when their own content (or scope) changed.
    await this.rootIo.ids.reserve(this.tx, batch.length);
    const parentVersion = new Map<string, number>();
    const parents = [...fresh.map((p) => ({ p, prev: undefined as IndexEntry | undefined })), ...changed];
    for (const { p, prev } of parents) {
      const reversion = !prev || prev.moved === true || prev.contentHash !== p.root.contentHash;
      const historyId = reversion ? this.rootIo.ids.take() : (prev as IndexEntry).historyId;
      const input = {
        sourceId,
        resourceId: p.resourceId,
        scope,
        values: p.root.values,
        collectedAt: this.ts,
        firstCollectedAt: prev?.firstCollectedAt ?? this.ts,
        contentHash: p.root.contentHash,
        treeHash: p.treeHash,
        historyId,
      };
      if (reversion) {
        histRows.get(this.rootIo)?.push(resourceHistoryRow(input));
        if (prev) closeByTable.get(this.rootIo)?.push(prev.historyId);
      }
      curRows.get(this.rootIo)?.push(resourceCurrentRow(input));
      parentVersion.set(p.resourceId, historyId);
    }

    // Children, parents before grandchildren: each row versions on its own.
    const versionByTable = new Map<string, Map<string, number>>();
    for (const io of this.childIo) {
      const stored = await this.storedChildren(io, changedIds);
      const count = parents.reduce((n, { p }) => n + (p.children.get(io.plan.spec.name)?.length ?? 0), 0);
      await io.ids.reserve(this.tx, count);
      const versions = new Map<string, number>();
      versionByTable.set(io.plan.spec.name, versions);
      const parentTable = io.plan.spec.parent?.table ?? '';
      const parentVersions = versionByTable.get(parentTable);
      for (const { p } of parents) {
        const before = stored.get(p.resourceId);
        for (const c of p.children.get(io.plan.spec.name) ?? []) {
          const parentHistoryId = parentVersions
            ? (parentVersions.get(p.resourceId + SEP + c.parentKey) as number)
            : (parentVersion.get(p.resourceId) as number);
          const old = before?.get(c.key);
          before?.delete(c.key);
          const same = old !== undefined && old.hash === c.contentHash;
          const input: ChildRowInput = {
            sourceId,
            resourceId: p.resourceId,
            values: c.values,
            contentHash: c.contentHash,
            historyId: same ? old.historyId : io.ids.take(),
            parentHistoryId,
            validFrom: this.ts,
          };
          if (!same) {
            histRows.get(io)?.push(childHistoryRow(input));
            if (old) closeByTable.get(io)?.push(old.historyId);
          }
          curRows.get(io)?.push(childCurrentRow(input));
          versions.set(p.resourceId + SEP + c.key, input.historyId);
        }
        for (const gone of before?.values() ?? []) closeByTable.get(io)?.push(gone.historyId);
      }
    }

    for (const [io, ids] of closeByTable) await this.closeVersions(io, ids);
    if (changedIds.length > 0) {
      for (const io of [this.rootIo, ...this.childIo]) await this.deleteCurrent(io, changedIds);
    }
    for (const io of [this.rootIo, ...this.childIo]) {
      const hist = histRows.get(io) ?? [];
      this.stats.historyRows += hist.length;
      await this.tx.bulkInsert(io.currentTarget, curRows.get(io) ?? []);
      await this.tx.bulkInsert(io.historyTarget, hist);
    }
  }

  private async closeVersions(io: TableIo, historyIds: number[]): Promise<void> {
    if (historyIds.length === 0) return;
    const inList = this.tx.dialect.inList('history_id', '$2', 'bigint');
    await this.tx.execute(`UPDATE ${io.history} SET valid_to = $1::timestamptz WHERE ${inList}`, [
      this.ts,
      historyIds,
    ]);
  }

  private async deleteCurrent(io: TableIo, resourceIds: string[]): Promise<void> {
    const inList = this.tx.dialect.inList('resource_id', '$2', 'text');
    await this.tx.execute(`DELETE FROM ${io.current} WHERE source_id = $1 AND ${inList}`, [
      this.scope.sourceId,
      resourceIds,
    ]);
  }

  private async deleteMissing(): Promise<void> {
    const missing = [...this.index.keys()].filter((id) => !this.seen.has(id));
    if (missing.length === 0) return;
    await this.closeVersions(
      this.rootIo,
      missing.map((id) => (this.index.get(id) as IndexEntry).historyId),
    );
    const inList = this.tx.dialect.inList('resource_id', '$3', 'text');
    for (const io of this.childIo) {
      await this.tx.execute(
        `UPDATE ${io.history} SET valid_to = $1::timestamptz WHERE source_id = $2 AND ${inList} AND valid_to IS NULL`,
        [this.ts, this.scope.sourceId, missing],
      );
    }
    for (const io of [this.rootIo, ...this.childIo]) await this.deleteCurrent(io, missing);
    this.stats.deleted = missing.length;
  }

  private async bumpUnchanged(wholeScope: boolean): Promise<void> {
    if (wholeScope) {
      const notRejected = this.tx.dialect.inList('resource_id', '$4', 'text');
      await this.tx.execute(
        `UPDATE ${this.rootIo.current} SET collected_at = $1::timestamptz WHERE source_id = $2 AND scope = $3 AND collected_at <> $1::timestamptz AND NOT (${notRejected})`,
        [this.ts, this.scope.sourceId, this.scope.scope, this.rejectedIds],
      );
      return;
    }
    if (this.unchangedIds.length === 0) return;
    const inList = this.tx.dialect.inList('resource_id', '$3', 'text');
    await this.tx.execute(
      `UPDATE ${this.rootIo.current} SET collected_at = $1::timestamptz WHERE source_id = $2 AND ${inList}`,
      [this.ts, this.scope.sourceId, this.unchangedIds],
    );
  }

  private async recordScope(complete: boolean): Promise<void> {
    await recordSyncScope(this.tx, this.table, this.scope.sourceId, this.ts, {
      scope: this.scope.scope,
      complete,
      seen: this.seen.size,
      inserted: this.stats.inserted,
      changed: this.stats.changed,
      deleted: this.stats.deleted,
      rejected: this.rejections.length,
    });
  }
}
