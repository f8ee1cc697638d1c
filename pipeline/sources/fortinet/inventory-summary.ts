// Bundle-safe: maps the FortiGate workflow's result onto the summary every provider reports.
import { inventoryFromTables, type InventorySummary } from '../common/summary.ts';
import type { FortinetInventoryResult } from './workflows.ts';

export function fortinetToInventorySummary(r: FortinetInventoryResult): InventorySummary {
  return inventoryFromTables(
    {
      sourceId: r.sourceId,
      provider: 'fortinet',
      collectedAt: r.collectedAt,
      scopes: r.vdoms.length,
      rejected: r.rejected,
      complete: r.complete,
    },
    r.tables,
    r.failedScopes.map((f) => ({ scope: f.scope, table: f.table, error: f.reason })),
  );
}
