import type { ColumnSpec } from './types.ts';

function std(name: string, type: ColumnSpec['type'], nullable: boolean, description: string): ColumnSpec {
  return { name, type, nullable, description, standard: true };
}

/** Identity columns every resource row starts with. */
export const RESOURCE_KEY_COLUMNS: readonly ColumnSpec[] = [
  std(
    'source_id',
    'text',
    false,
    'Configured source (account, tenant or appliance) the row was collected from.',
  ),
  std(
    'resource_id',
    'text',
    false,
    'Identifier of the object in its provider API (unsigned 64-bit ids as text).',
  ),
];

export const RESOURCE_SCOPE_COLUMN: ColumnSpec = std(
  'scope',
  'text',
  false,
  'Listing scope the object was collected under (project, region, VDOM, site).',
);

/** Bookkeeping columns every resource row ends with. */
export const RESOURCE_TRAILING_COLUMNS: readonly ColumnSpec[] = [
  std('collected_at', 'timestamp', false, 'When the object was last seen by a collection.'),
  std('first_collected_at', 'timestamp', false, 'When the object was first seen by a collection.'),
  std('content_hash', 'text', false, 'Hash of the canonical content, volatile fields excluded.'),
  std(
    'tree_hash',
    'text',
    false,
    'Hash of the full state with volatile fields and child rows; skips unchanged objects.',
  ),
  std('history_id', 'bigint', false, 'Id of the current version in the history table.'),
];

/** Bookkeeping columns every child row ends with. */
export const CHILD_TRAILING_COLUMNS: readonly ColumnSpec[] = [
  std(
    'content_hash',
    'text',
    false,
    'Hash of the canonical content of this child row, volatile fields excluded.',
  ),
  std('history_id', 'bigint', false, 'Id of the current version of this child row in the history table.'),
];

export const HISTORY_ID_COLUMN = std('history_id', 'bigint', false, 'Unique id of this version.');
export const PARENT_HISTORY_ID_COLUMN = std(
  'parent_history_id',
  'bigint',
  false,
  'Version of the parent row that was current when this version opened.',
);
export const VALID_FROM_COLUMN = std('valid_from', 'timestamp', false, 'Start of validity (inclusive).');
export const VALID_TO_COLUMN = std(
  'valid_to',
  'timestamp',
  true,
  'End of validity (exclusive); NULL while current.',
);

/** Columns of the current table that are not part of the history table. */
export const CURRENT_ONLY_COLUMNS: ReadonlySet<string> = new Set(['tree_hash']);
