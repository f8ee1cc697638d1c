import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '../../db/catalog/catalog.ts';
import { historyColumns } from '../../db/catalog/define.ts';
import { historySchema, type TableSpec } from '../../db/catalog/types.ts';
import { HISTORY_ID_BLOCK, historySequence } from '../../db/ddl.ts';
import { quoteIdent, tableRef } from '../../db/dialects/types.ts';
import type { SqlSession } from '../../db/store/types.ts';
import type { TableFamily } from './families.ts';

// Direct path for a family the central database holds nothing of yet (for the sources being
// published): every local row is copied straight into the central tables as CSV — DuckDB writes
// it, PostgreSQL COPY reads it — instead of being staged and merged. Local history ids are moved
// into a range reserved from the central sequence, so versions and current rows keep their links
// without any join. Runs inside the family's transaction, after its advisory lock is taken.

const cur = (t: TableSpec): string => tableRef(t.layer, t.name);
const hist = (t: TableSpec): string => tableRef(historySchema(t.layer), t.name);

/** Local and central sessions of one family batch: `ltx` reads a snapshot, `tx` writes. */
export interface DirectSessions {
  readonly ltx: SqlSession;
  readonly tx: SqlSession;
}

export interface DirectOutcome {
  readonly sent: number;
  readonly current: number;
  readonly history: number;
  readonly collectedAt: string | null;
}

/** One table to copy: the local SELECT and the central table its fields go to, in order. */
interface CopyJob {
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly string[];
  readonly sql: string;
  readonly kind: 'current' | 'history';
}

/** Both sessions can move CSV (a read-only DuckDB store cannot write its export file). */
export function canCopyDirect({ ltx, tx }: DirectSessions, family: TableFamily): boolean {
  return family.root.kind === 'resource' && ltx.exportCsv !== undefined && tx.importCsv !== undefined;
}

/**
 * Whether the central database holds any row (current or history, any table of the family) of a
 * source the local family has. Every merge step is keyed by source, so when it holds none the
 * merge would insert every row unchanged — which the direct path does without staging. Checked
 * under the family lock: no other publisher can add such rows before this transaction commits.
 */
export async function centralHoldsSources(
  { ltx, tx }: DirectSessions,
  family: TableFamily,
): Promise<boolean> {
  const { root } = family;
  const localSources = root.history
    ? `SELECT source_id FROM ${cur(root)} UNION SELECT source_id FROM ${hist(root)}`
    : `SELECT DISTINCT source_id FROM ${cur(root)}`;
  const sources = (await ltx.query<{ source_id: string }>(localSources)).map((r) => r.source_id);
  if (sources.length === 0) return false;
  const tables = [root, ...family.children].flatMap((t) => (t.history ? [cur(t), hist(t)] : [cur(t)]));
  const probes = tables.map(
    (t) => `EXISTS (SELECT 1 FROM ${t} WHERE ${tx.dialect.inList('source_id', '$1', 'text')})`,
  );
  const [row] = await tx.query<{ held: boolean }>(`SELECT ${probes.join(' OR ')} AS held`, [sources]);
  return row?.held === true;
}

/**
 * Reserves a contiguous range of `span` central history ids and returns its first id. The
 * sequence hands out blocks of HISTORY_ID_BLOCK per nextval; moving it past the range makes the
 * whole range ours. Only publishers use these sequences, and only under the family lock, so no
 * nextval can land between the two statements.
 */
async function reserveIds(tx: SqlSession, spec: TableSpec, span: bigint): Promise<bigint> {
  const sequence = historySequence(spec);
  const [row] = await tx.query<{ v: string }>(`SELECT nextval('${sequence}')::text AS v`);
  const first = BigInt(row?.v ?? '0');
  const block = BigInt(HISTORY_ID_BLOCK);
  const blocks = (span + block - 1n) / block;
  if (blocks > 1n)
    await tx.query(`SELECT setval('${sequence}', $1::bigint)`, [first + (blocks - 1n) * block]);
  return first;
}

/** Per history table: what to add to a local history id to get its central id. */
async function idShifts({ ltx, tx }: DirectSessions, family: TableFamily): Promise<Map<string, bigint>> {
  const shifts = new Map<string, bigint>();
  for (const spec of [family.root, ...family.children]) {
    if (!spec.history) continue;
    const [range] = await ltx.query<{ lo: string | null; hi: string | null }>(
      `SELECT CAST(min(history_id) AS VARCHAR) AS lo, CAST(max(history_id) AS VARCHAR) AS hi FROM ${hist(spec)}`,
    );
    if (!range?.lo || !range.hi) continue;
    const lo = BigInt(range.lo);
    const first = await reserveIds(tx, spec, BigInt(range.hi) - lo + 1n);
    shifts.set(spec.name, first - lo);
  }
  return shifts;
}

const shifted = (column: string, shift: bigint | undefined): string =>
  `CAST(${quoteIdent(column)} + (${shift ?? 0n}) AS BIGINT) AS ${quoteIdent(column)}`;

function copyJobs(catalog: Catalog, family: TableFamily, shifts: ReadonlyMap<string, bigint>): CopyJob[] {
  const jobs: CopyJob[] = [];
  for (const spec of [family.root, ...family.children]) {
    const columns = spec.columns.map((c) => c.name);
    const select = columns.map((n) =>
      n === 'history_id' && spec.history ? shifted(n, shifts.get(spec.name)) : quoteIdent(n),
    );
    jobs.push({
      schema: spec.layer,
      table: spec.name,
      columns,
      sql: `SELECT ${select.join(', ')} FROM ${cur(spec)}`,
      kind: 'current',
    });
  }
  for (const spec of [family.root, ...family.children]) {
    if (!spec.history) continue;
    const parent = spec.parent ? catalog.get(`${spec.layer}.${spec.parent.table}`) : undefined;
    const columns = historyColumns(spec).map((c) => c.name);
    const select = columns.map((n) =>
      n === 'history_id'
        ? shifted(n, shifts.get(spec.name))
        : n === 'parent_history_id' && parent
          ? shifted(n, shifts.get(parent.name))
          : quoteIdent(n),
    );
    jobs.push({
      schema: historySchema(spec.layer),
      table: spec.name,
      columns,
      sql: `SELECT ${select.join(', ')} FROM ${hist(spec)}`,
      kind: 'history',
    });
  }
  // Nothing overlaps the first export: start with the narrowest table, the quickest to write.
  return jobs.sort((a, b) => a.columns.length - b.columns.length);
}

/**
 * Copies the whole local family into the central tables. The local export of the next table
 * runs while the central COPY of the previous one streams, and at most two export files exist
 * at a time, so memory stays flat and disk use is bounded by two tables.
 */
export async function copyFamilyDirect(
  sessions: DirectSessions,
  catalog: Catalog,
  family: TableFamily,
  signal?: AbortSignal,
): Promise<DirectOutcome> {
  const { ltx, tx } = sessions;
  const exportCsv = ltx.exportCsv;
  const importCsv = tx.importCsv;
  if (!exportCsv || !importCsv) throw new Error('copyFamilyDirect needs CSV export and import');
  const jobs = copyJobs(catalog, family, await idShifts(sessions, family));
  const dir = await mkdtemp(join(tmpdir(), 'hotpot-publish-'));
  const file = (i: number): string => join(dir, `${i}.csv`);
  const exportJob = (i: number): Promise<number> | undefined => {
    const job = jobs[i];
    if (!job) return undefined;
    const exported = exportCsv(job.sql, file(i));
    // Awaited below; marked handled so a failing central COPY meanwhile is the error reported.
    exported.catch(() => undefined);
    return exported;
  };
  let sent = 0;
  let current = 0;
  let history = 0;
  let pending = exportJob(0);
  try {
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i] as CopyJob;
      sent += (await pending) ?? 0;
      signal?.throwIfAborted();
      pending = exportJob(i + 1);
      const loaded = await importCsv(job, createReadStream(file(i), { highWaterMark: 1 << 20 }));
      await rm(file(i), { force: true });
      if (job.kind === 'current') current += loaded;
      else history += loaded;
    }
  } finally {
    await pending?.catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
  const [latest] = await ltx.query<{ t: string | null }>(
    `SELECT max(collected_at) AS t FROM ${cur(family.root)}`,
  );
  return { sent, current, history, collectedAt: latest?.t ?? null };
}
