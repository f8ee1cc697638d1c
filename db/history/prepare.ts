import { hash } from 'node:crypto';
import { ownColumns } from '../catalog/define.ts';
import type { ColumnSpec, TableSpec } from '../catalog/types.ts';
import type { BulkValue } from '../store/types.ts';
import { ValueError, hashText, normalizeValue } from '../values.ts';
import type { Rejection, SnapshotRecord } from './types.ts';

const SEP = '\u0001';

/**
 * A row checked and reduced to canonical text. Hashes are computed on first use: an unchanged
 * resource is recognised by its tree hash alone, so its rows are never hashed one by one.
 */
export class PreparedRow {
  private content?: string;

  constructor(
    readonly values: readonly BulkValue[],
    private readonly contentText: string,
    /** Canonical text of the full state (content plus volatile columns). */
    readonly stateText: string,
    readonly key: string,
    /** Key of the parent row among the parent table's rows ('' for children of the root). */
    readonly parentKey: string,
  ) {}

  get contentHash(): string {
    this.content ??= digest(this.contentText);
    return this.content;
  }
}

export interface PreparedResource {
  readonly resourceId: string;
  readonly root: PreparedRow;
  readonly treeHash: string;
  /** Per child table name, in catalog order. */
  readonly children: ReadonlyMap<string, readonly PreparedRow[]>;
}

function digest(text: string): string {
  return hash('sha1', text, 'base64url');
}

/** Precomputed per-table facts so the hot loop does no lookups by name. */
export class TablePlan {
  readonly own: readonly ColumnSpec[];
  readonly volatileIdx: readonly number[];
  readonly stableIdx: readonly number[];
  readonly keyIdx: readonly number[];
  readonly parentKeyIdx: readonly number[];
  private readonly known: ReadonlySet<string>;

  constructor(
    readonly spec: TableSpec,
    parent: TableSpec | undefined,
  ) {
    this.own = ownColumns(spec);
    this.volatileIdx = this.own.flatMap((c, i) => (c.volatile ? [i] : []));
    this.stableIdx = this.own.flatMap((c, i) => (c.volatile ? [] : [i]));
    const nk = spec.parent?.naturalKey ?? [];
    this.keyIdx = nk.map((k) => this.own.findIndex((c) => c.name === k));
    const parentNk = parent?.parent?.naturalKey ?? [];
    this.parentKeyIdx = parentNk.map((k) => this.own.findIndex((c) => c.name === k));
    this.known = new Set(['resource_id', ...this.own.map((c) => c.name)]);
  }

  /** Normalised own values; throws ValueError naming the first bad column. */
  normalize(row: Readonly<Record<string, unknown>>): BulkValue[] {
    for (const name of Object.keys(row)) {
      if (!this.known.has(name)) throw new ValueError(`has no column "${name}"`);
    }
    return this.own.map((c) => normalizeValue(c, row[c.name]));
  }

  /** Canonical text of the non-volatile content. Null columns are left out, so adding a column changes nothing. */
  contentText(values: readonly BulkValue[]): string {
    let text = '';
    for (const i of this.stableIdx) {
      const v = values[i] ?? null;
      if (v !== null) text += `${this.own[i]?.name}=${hashText(v)}${SEP}`;
    }
    return text;
  }

  stateText(values: readonly BulkValue[], contentText: string): string {
    if (this.volatileIdx.length === 0) return contentText;
    let text = contentText;
    for (const i of this.volatileIdx) text += `\u0002${hashText(values[i] ?? null)}`;
    return text;
  }

  prepareRow(values: readonly BulkValue[], key: string, parentKey: string): PreparedRow {
    const content = this.contentText(values);
    return new PreparedRow(values, content, this.stateText(values, content), key, parentKey);
  }

  /** The sibling key of a stored row, computed exactly as for incoming rows. */
  keyFromStored(row: Readonly<Record<string, unknown>>): string {
    let key = '';
    for (const i of this.keyIdx) {
      const column = this.own[i] as ColumnSpec;
      key += hashText(normalizeValue(column, row[column.name])) + SEP;
    }
    return key;
  }

  keyOf(values: readonly BulkValue[], idx: readonly number[]): string {
    let key = '';
    for (const i of idx) key += hashText(values[i] ?? null) + SEP;
    return key;
  }
}

/**
 * Validates and hashes one record. Returns undefined (with a rejection) when the resource itself
 * is unusable; bad child rows are rejected one by one and the resource is kept without them.
 */
export function prepareRecord(
  record: SnapshotRecord,
  root: TablePlan,
  children: readonly TablePlan[],
  rejections: Rejection[],
): PreparedResource | undefined {
  const table = `${root.spec.layer}.${root.spec.name}`;
  const rawId: unknown = record?.row?.resource_id;
  if (typeof rawId !== 'string' || rawId === '') {
    rejections.push({
      table,
      reason: `record without a resource_id (got ${rawId === undefined ? 'nothing' : JSON.stringify(rawId)})`,
    });
    return undefined;
  }
  let values: BulkValue[];
  try {
    values = root.normalize(record.row);
  } catch (error) {
    rejections.push({ table, resourceId: rawId, reason: `${table} ${rawId}: ${(error as Error).message}` });
    return undefined;
  }
  for (const name of Object.keys(record.children ?? {})) {
    if (!children.some((c) => c.spec.name === name)) {
      rejections.push({
        table,
        resourceId: rawId,
        reason: `${table} ${rawId}: "${name}" is not a child table of ${table}`,
      });
      return undefined;
    }
  }
  const rootRow = root.prepareRow(values, '', '');
  let tree = rootRow.stateText;
  const prepared = new Map<string, PreparedRow[]>();
  const keysByTable = new Map<string, Set<string>>();
  for (const plan of children) {
    const rows = record.children?.[plan.spec.name] ?? [];
    const out: PreparedRow[] = [];
    const keys = new Set<string>();
    const childTable = `${plan.spec.layer}.${plan.spec.name}`;
    for (const row of rows) {
      try {
        const v = plan.normalize(row);
        const key = plan.keyOf(v, plan.keyIdx);
        if (keys.has(key))
          throw new ValueError(`repeats the natural key (${plan.spec.parent?.naturalKey.join(', ')})`);
        const parentKey = plan.keyOf(v, plan.parentKeyIdx);
        const parentKeys = keysByTable.get(plan.spec.parent?.table ?? '');
        if (parentKeys && !parentKeys.has(parentKey)) {
          throw new ValueError(`belongs to a ${plan.spec.parent?.table} row that is not in the record`);
        }
        keys.add(key);
        out.push(plan.prepareRow(v, key, parentKey));
      } catch (error) {
        rejections.push({
          table: childTable,
          resourceId: rawId,
          reason: `${childTable} of ${rawId}: ${(error as Error).message}`,
        });
      }
    }
    // Sorted so that sibling order in the API response never reads as a change.
    const states = out.map((c) => c.stateText).sort();
    tree += `\u0003${plan.spec.name}\u0004${states.join('\u0004')}`;
    prepared.set(plan.spec.name, out);
    keysByTable.set(plan.spec.name, keys);
  }
  return { resourceId: rawId, root: rootRow, treeHash: digest(tree), children: prepared };
}
