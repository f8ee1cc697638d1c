import type { ListingOutcome } from './listing.ts';

/** What one applied listing reports to its workflow (JSON-safe, no secrets). */
export interface ListingSummary {
  table: string;
  scope: string;
  seen: number;
  inserted: number;
  changed: number;
  unchanged: number;
  deleted: number;
  historyRows: number;
  rejected: number;
  /** The first reasons, so a run shows what was refused without carrying thousands of lines. */
  rejectedReasons: string[];
  /** Why the listing stopped early; nothing was deleted for this scope when set. */
  error?: string;
}

const MAX_REASONS = 20;

export function summarizeListing(outcome: ListingOutcome): ListingSummary {
  const r = outcome.result;
  return {
    table: outcome.table,
    scope: outcome.scope,
    seen: r?.seen ?? 0,
    inserted: r?.inserted ?? 0,
    changed: r?.changed ?? 0,
    unchanged: r?.unchanged ?? 0,
    deleted: r?.deleted ?? 0,
    historyRows: r?.historyRows ?? 0,
    rejected: r?.rejected.length ?? 0,
    rejectedReasons: (r?.rejected ?? []).slice(0, MAX_REASONS).map((x) => x.reason),
    ...(outcome.error ? { error: outcome.error } : {}),
  };
}

/** Sums of the listings of one table. */
export interface TableTotals {
  seen: number;
  inserted: number;
  changed: number;
  deleted: number;
  historyRows: number;
  rejected: number;
}

type ListingCounts = Pick<ListingSummary, 'table' | keyof TableTotals>;

/** Adds up listings per table; every provider's inventory reports these. */
export function totalsByTable(listings: readonly ListingCounts[]): Record<string, TableTotals> {
  const tables: Record<string, TableTotals> = {};
  for (const l of listings) {
    const t = (tables[l.table] ??= {
      seen: 0,
      inserted: 0,
      changed: 0,
      deleted: 0,
      historyRows: 0,
      rejected: 0,
    });
    t.seen += l.seen;
    t.inserted += l.inserted;
    t.changed += l.changed;
    t.deleted += l.deleted;
    t.historyRows += l.historyRows;
    t.rejected += l.rejected;
  }
  return tables;
}

/** Per-table totals of a provider run, for `hotpot run` and the runs page. */
export interface InventorySummary {
  sourceId: string;
  provider: string;
  collectedAt: string;
  scopes: number;
  rowsWritten: number;
  rejected: number;
  tables: Record<
    string,
    { seen: number; inserted: number; changed: number; deleted: number; rejected: number }
  >;
  failures: { scope: string; table?: string; error: string }[];
  complete: boolean;
}

export function summarizeInventory(
  base: { sourceId: string; provider: string; collectedAt: string; scopes: number },
  listings: readonly ListingSummary[],
  failures: readonly { scope: string; table?: string; error: string }[],
): InventorySummary {
  const tables = Object.fromEntries(
    Object.entries(totalsByTable(listings)).map(([name, t]) => [
      name,
      { seen: t.seen, inserted: t.inserted, changed: t.changed, deleted: t.deleted, rejected: t.rejected },
    ]),
  );
  let rowsWritten = 0;
  let rejected = 0;
  const allFailures = [...failures];
  for (const l of listings) {
    rowsWritten += l.inserted + l.changed + l.deleted;
    rejected += l.rejected;
    if (l.error) allFailures.push({ scope: l.scope, table: l.table, error: l.error });
  }
  return {
    ...base,
    rowsWritten,
    rejected,
    tables,
    failures: allFailures,
    complete: allFailures.length === 0,
  };
}

/** Builds the shared summary from a provider's per-table totals (the providers' own shapes differ). */
export function inventoryFromTables(
  base: {
    sourceId: string;
    provider: string;
    collectedAt: string;
    scopes: number;
    rejected: number;
    complete: boolean;
  },
  totals: Record<
    string,
    { seen: number; inserted: number; changed: number; deleted: number; rejected?: number }
  >,
  failures: InventorySummary['failures'],
): InventorySummary {
  const tables: InventorySummary['tables'] = {};
  let rowsWritten = 0;
  for (const [name, t] of Object.entries(totals)) {
    tables[name] = {
      seen: t.seen,
      inserted: t.inserted,
      changed: t.changed,
      deleted: t.deleted,
      rejected: t.rejected ?? 0,
    };
    rowsWritten += t.inserted + t.changed + t.deleted;
  }
  return { ...base, rowsWritten, tables, failures };
}
