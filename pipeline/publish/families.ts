import type { Catalog } from '../../db/catalog/catalog.ts';
import { qualifiedName, type TableSpec } from '../../db/catalog/types.ts';
import { HotpotError } from '../../db/errors.ts';

/**
 * A unit of publishing: a resource table with all its descendants (children only make sense with
 * the root row that decides which collection wins), or one plain table. One family is merged in
 * one central transaction.
 */
export interface TableFamily {
  readonly name: string;
  readonly root: TableSpec;
  /** Descendants of a resource table, parents before children; empty for plain tables. */
  readonly children: readonly TableSpec[];
}

/** Layers that hold data. `meta` is per-store bookkeeping (migrations, scopes, watermarks). */
const DATA_LAYERS = new Set(['bronze', 'silver', 'gold']);

/** Publishable families of the catalog, optionally restricted to the named root tables. */
export function publishFamilies(catalog: Catalog, only?: readonly string[]): TableFamily[] {
  const families = catalog.tables
    .filter((t) => DATA_LAYERS.has(t.layer) && t.kind !== 'child')
    .map((root) => ({
      name: qualifiedName(root),
      root,
      children: root.kind === 'resource' ? catalog.descendantsOf(root) : [],
    }));
  if (!only || only.length === 0) return families;
  const byName = new Map(families.map((f) => [f.name, f]));
  return only.map((name) => {
    const family = byName.get(name);
    if (!family) {
      throw new HotpotError(
        `Cannot publish "${name}": not a publishable table. Name a bronze, silver or gold resource or plain table (children go with their resource), e.g. ${families[0]?.name ?? 'bronze.…'}.`,
        'PUBLISH_UNKNOWN_TABLE',
      );
    }
    return family;
  });
}
