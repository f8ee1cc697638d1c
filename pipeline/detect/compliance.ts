// gold.compliance is written as one history snapshot per rule (scope = rule id): a resource the
// rule no longer reports disappears from current state and its history closes, so "since when
// does this control fail" is a history question. A rule that errored writes its error row as an
// incomplete snapshot, which keeps the previous results instead of wiping them. The rows go from
// the run's stage to the table in SQL.
import type { Catalog } from '../../db/catalog/catalog.ts';
import { GOLD_COMPLIANCE } from '../../db/catalog/tables/gold.ts';
import { prepareStagedSnapshot, type PreparedStagedSnapshot } from '../../db/history/apply-staged.ts';
import type { ApplyResult } from '../../db/history/types.ts';
import type { SqlSession } from '../../db/store/types.ts';
import { STAGE_RESULTS, STAGE_RULES, type StagedRule } from './stage.ts';

export const GOLD_SOURCE_ID = 'hotpot';

/** Own columns of gold.compliance in catalog order, from a staged result `s` and its rule `m`. */
const STAGE_SQL = `
SELECT s.rule_id AS scope, s.rule_id || '|' || s.resource AS resource_id,
       s.rule_id, s.resource, s.status, s.reason, m.severity, m.title, m.pack, m.resource_type,
       s.asset_id, m.frameworks_json, s.dimensions_json
  FROM ${STAGE_RESULTS} s JOIN ${STAGE_RULES} m ON m.rule_id = s.rule_id`;

/**
 * Stages every rule's results against gold.compliance without writing it (see
 * `prepareStagedSnapshot`); `write()` of the result applies them inside a later transaction.
 */
export function prepareCompliance(
  session: SqlSession,
  catalog: Catalog,
  staged: readonly StagedRule[],
  now: Date,
): Promise<PreparedStagedSnapshot> {
  return prepareStagedSnapshot(
    session,
    catalog,
    catalog.find('gold.compliance') ?? GOLD_COMPLIANCE,
    {
      sourceId: GOLD_SOURCE_ID,
      collectedAt: now,
      completeScopes: staged.filter((s) => !s.errored).map((s) => s.rule.id),
      partialScopes: staged.filter((s) => s.errored).map((s) => s.rule.id),
    },
    STAGE_SQL,
  );
}

/** Rows a compliance write inserted, changed or deleted. */
export function complianceRowsWritten(result: ApplyResult): number {
  return result.inserted + result.changed + result.deleted;
}
