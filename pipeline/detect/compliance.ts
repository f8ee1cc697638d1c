// gold.compliance is written as one history snapshot per rule (scope = rule id): a resource the
// rule no longer reports disappears from current state and its history closes, so "since when
// does this control fail" is a history question. A rule that errored writes its error row as an
// incomplete snapshot, which keeps the previous results instead of wiping them.
import type { Catalog } from '../../db/catalog/catalog.ts';
import { GOLD_COMPLIANCE } from '../../db/catalog/tables/gold.ts';
import { applySnapshot, type SnapshotRecord } from '../../db/history/index.ts';
import type { Store } from '../../db/store/types.ts';
import type { RuleEvaluation } from './evaluate.ts';

export const GOLD_SOURCE_ID = 'hotpot';

function* records(evaluation: RuleEvaluation): Iterable<SnapshotRecord> {
  const { rule } = evaluation;
  for (const r of evaluation.results) {
    yield {
      row: {
        resource_id: `${rule.id}|${r.resource}`,
        rule_id: rule.id,
        resource: r.resource,
        status: r.status,
        reason: r.reason,
        severity: rule.severity,
        title: rule.title,
        pack: rule.pack,
        resource_type: rule.resourceType,
        asset_id: r.assetId,
        frameworks_json: rule.frameworks,
        dimensions_json: r.dimensions,
      },
    };
  }
}

export async function writeCompliance(
  store: Store,
  catalog: Catalog,
  evaluation: RuleEvaluation,
  now: Date,
): Promise<number> {
  const result = await applySnapshot(
    store,
    catalog,
    catalog.find('gold.compliance') ?? GOLD_COMPLIANCE,
    { sourceId: GOLD_SOURCE_ID, scope: evaluation.rule.id, collectedAt: now, complete: !evaluation.errored },
    records(evaluation),
  );
  return result.inserted + result.changed + result.deleted;
}
