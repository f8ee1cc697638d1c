// Bundle-safe: maps the VNG workflow's summary onto the summary every provider reports.
import { inventoryFromTables, type InventorySummary } from '../common/summary.ts';
import type { VngInventorySummary } from './workflows.ts';

export function vngToInventorySummary(v: VngInventorySummary): InventorySummary {
  const failures = [
    ...v.failedRegions.map((r) => ({ scope: r.region, error: r.error })),
    ...v.failedScopes.map((s) => ({
      scope: s.scope,
      ...(s.table ? { table: s.table } : {}),
      error: s.error,
    })),
  ];
  const totals = Object.fromEntries(
    Object.entries(v.tables).map(([name, t]) => [name, { ...t, seen: t.rows }]),
  );
  return inventoryFromTables(
    {
      sourceId: v.sourceId,
      provider: 'vng',
      collectedAt: v.collectedAt,
      scopes: v.scopes,
      rejected: v.rejected,
      complete: failures.length === 0,
    },
    totals,
    failures,
  );
}
