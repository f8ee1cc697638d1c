// Bundle-safe: maps the SentinelOne workflow's result onto the summary every provider reports.
import { inventoryFromTables, type InventorySummary } from '../common/summary.ts';
import type { S1InventoryResult } from './workflows.ts';

export function s1ToInventorySummary(r: S1InventoryResult): InventorySummary {
  return inventoryFromTables(
    {
      sourceId: r.sourceId,
      provider: 's1',
      collectedAt: r.collectedAt,
      scopes: r.sites,
      rejected: r.rejected,
      complete: r.complete,
    },
    r.tables,
    r.failedScopes.map((f) => ({ scope: f.scope, table: f.table, error: f.reason })),
  );
}
