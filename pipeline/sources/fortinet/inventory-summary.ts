// Bundle-safe: maps the FortiGate workflow's result onto the summary every provider reports.
import type { InventorySummary } from '../common/summary.ts';
import type { FortinetInventoryResult } from './workflows.ts';

export function fortinetToInventorySummary(r: FortinetInventoryResult): InventorySummary {
  const tables: InventorySummary['tables'] = {};
  let rowsWritten = 0;
  for (const [name, t] of Object.entries(r.tables)) {
    tables[name] = {
      seen: t.seen,
      inserted: t.inserted,
      changed: t.changed,
      deleted: t.deleted,
      rejected: 0,
    };
    rowsWritten += t.inserted + t.changed + t.deleted;
  }
  return {
    sourceId: r.sourceId,
    provider: 'fortinet',
    collectedAt: r.collectedAt,
    scopes: r.vdoms.length,
    rowsWritten,
    rejected: r.rejected,
    tables,
    failures: r.failedScopes.map((f) => ({ scope: f.scope, table: f.table, error: f.reason })),
    complete: r.complete,
  };
}
