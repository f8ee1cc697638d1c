import { historyColumns, ownColumns } from '../catalog/define.ts';
import type { TableSpec } from '../catalog/types.ts';
import type { BulkValue } from '../store/types.ts';

const RESOURCE_HEAD = ['source_id', 'resource_id', 'scope'];
const RESOURCE_TAIL = ['collected_at', 'first_collected_at', 'content_hash', 'tree_hash', 'history_id'];
const CHILD_HEAD = ['source_id', 'resource_id'];
const CHILD_TAIL = ['content_hash', 'history_id'];

/**
 * The history engine writes rows positionally for speed; this checks once per table that the
 * catalog columns are in the order the row builders below assume.
 */
export function assertLayout(spec: TableSpec): void {
  const own = ownColumns(spec).map((c) => c.name);
  const expected =
    spec.kind === 'resource'
      ? [...RESOURCE_HEAD, ...own, ...RESOURCE_TAIL]
      : [...CHILD_HEAD, ...own, ...CHILD_TAIL];
  const actual = spec.columns.map((c) => c.name);
  if (expected.join(',') !== actual.join(',')) {
    throw new Error(
      `${spec.layer}.${spec.name}: columns are not in history-engine layout (${actual.join(', ')})`,
    );
  }
  const hist = historyColumns(spec).map((c) => c.name);
  const expectedHist =
    spec.kind === 'resource'
      ? [
          'history_id',
          ...RESOURCE_HEAD,
          ...own,
          'collected_at',
          'first_collected_at',
          'content_hash',
          'valid_from',
          'valid_to',
        ]
      : ['history_id', 'parent_history_id', ...CHILD_HEAD, ...own, 'content_hash', 'valid_from', 'valid_to'];
  if (expectedHist.join(',') !== hist.join(','))
    throw new Error(`${spec.layer}.${spec.name}: unexpected history layout`);
}

export interface ResourceRowInput {
  sourceId: string;
  resourceId: string;
  scope: string;
  values: readonly BulkValue[];
  collectedAt: string;
  firstCollectedAt: string;
  contentHash: string;
  treeHash: string;
  historyId: number;
}

export function resourceCurrentRow(r: ResourceRowInput): BulkValue[] {
  return [
    r.sourceId,
    r.resourceId,
    r.scope,
    ...r.values,
    r.collectedAt,
    r.firstCollectedAt,
    r.contentHash,
    r.treeHash,
    r.historyId,
  ];
}

export function resourceHistoryRow(r: ResourceRowInput): BulkValue[] {
  return [
    r.historyId,
    r.sourceId,
    r.resourceId,
    r.scope,
    ...r.values,
    r.collectedAt,
    r.firstCollectedAt,
    r.contentHash,
    r.collectedAt,
    null,
  ];
}

export interface ChildRowInput {
  sourceId: string;
  resourceId: string;
  values: readonly BulkValue[];
  contentHash: string;
  historyId: number;
  parentHistoryId: number;
  validFrom: string;
}

export function childCurrentRow(r: ChildRowInput): BulkValue[] {
  return [r.sourceId, r.resourceId, ...r.values, r.contentHash, r.historyId];
}

export function childHistoryRow(r: ChildRowInput): BulkValue[] {
  return [
    r.historyId,
    r.parentHistoryId,
    r.sourceId,
    r.resourceId,
    ...r.values,
    r.contentHash,
    r.validFrom,
    null,
  ];
}
