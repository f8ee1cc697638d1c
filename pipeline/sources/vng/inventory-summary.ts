// Bundle-safe: maps the VNG workflow's summary onto the summary every provider reports to a run.
import type { InventorySummary } from '../common/summary.ts';
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
  const tables: InventorySummary['tables'] = {};
  let rowsWritten = 0;
  for (const [name, t] of Object.entries(v.tables)) {
    tables[name] = {
      seen: t.rows,
      inserted: t.inserted,
      changed: t.changed,
      deleted: t.deleted,
      rejected: t.rejected,
    };
    rowsWritten += t.inserted + t.changed + t.deleted;
  }
  return {
    sourceId: v.sourceId,
    provider: 'vng',
    collectedAt: v.collectedAt,
    scopes: v.scopes,
    rowsWritten,
    rejected: v.rejected,
    tables,
    failures,
    complete: failures.length === 0,
  };
}
