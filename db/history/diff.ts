import type { Catalog } from '../catalog/catalog.ts';
import type { TableSpec } from '../catalog/types.ts';
import type { Row, SqlSession } from '../store/types.ts';
import { canonicalJson } from '../values.ts';
import { asOf, contentOf, type ResourceKey } from './as-of.ts';

export interface FieldChange {
  readonly column: string;
  readonly before: unknown;
  readonly after: unknown;
}

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface ChildChange {
  readonly table: string;
  /** The natural key of the child row, e.g. `{ nic_name: 'nic0' }`. */
  readonly key: Readonly<Record<string, unknown>>;
  readonly change: ChangeKind;
  readonly fields: readonly FieldChange[];
}

export interface ResourceDiff {
  readonly from: string;
  readonly to: string;
  /** `unchanged` also covers "absent at both times". */
  readonly resource: ChangeKind | 'unchanged';
  readonly fields: readonly FieldChange[];
  readonly children: readonly ChildChange[];
}

function fieldChanges(before: Row, after: Row): FieldChange[] {
  const columns = new Set([...Object.keys(before), ...Object.keys(after)]);
  const out: FieldChange[] = [];
  for (const column of columns) {
    const b = before[column] ?? null;
    const a = after[column] ?? null;
    if (canonicalJson(b) !== canonicalJson(a)) out.push({ column, before: b, after: a });
  }
  return out;
}

function childChanges(spec: TableSpec, before: Row[], after: Row[]): ChildChange[] {
  const naturalKey = spec.parent?.naturalKey ?? [];
  const keyOf = (row: Row): string => canonicalJson(naturalKey.map((k) => row[k] ?? null));
  const keyObject = (row: Row): Record<string, unknown> =>
    Object.fromEntries(naturalKey.map((k) => [k, row[k] ?? null]));
  const old = new Map(before.map((r) => [keyOf(r), r]));
  const out: ChildChange[] = [];
  for (const row of after) {
    const k = keyOf(row);
    const prev = old.get(k);
    old.delete(k);
    const fields = fieldChanges(prev ? contentOf(spec, prev) : {}, contentOf(spec, row));
    if (!prev) out.push({ table: spec.name, key: keyObject(row), change: 'added', fields });
    else if (fields.length > 0)
      out.push({ table: spec.name, key: keyObject(row), change: 'changed', fields });
  }
  for (const row of old.values()) {
    out.push({
      table: spec.name,
      key: keyObject(row),
      change: 'removed',
      fields: fieldChanges(contentOf(spec, row), {}),
    });
  }
  return out;
}

/** Field-level differences of one resource, children included, between two points in time. */
export async function diff(
  session: SqlSession,
  catalog: Catalog,
  root: TableSpec,
  key: ResourceKey,
  from: Date | string,
  to: Date | string,
): Promise<ResourceDiff> {
  const [a, b] = [await asOf(session, catalog, root, key, from), await asOf(session, catalog, root, key, to)];
  const fields = fieldChanges(a ? contentOf(root, a.row) : {}, b ? contentOf(root, b.row) : {});
  const children = catalog
    .descendantsOf(root)
    .flatMap((child) => childChanges(child, a?.children[child.name] ?? [], b?.children[child.name] ?? []));
  const resource =
    !a && !b
      ? 'unchanged'
      : !a
        ? 'added'
        : !b
          ? 'removed'
          : fields.length + children.length > 0
            ? 'changed'
            : 'unchanged';
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), resource, fields, children };
}
