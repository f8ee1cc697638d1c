// End-of-life reference data (endoflife.date shapes) → bronze.eol_products / bronze.eol_cycles.
// The bundled snapshot makes the EOL rule work air-gapped; `fetchEolProducts` refreshes it when
// the workspace allows network access. Both write the same source id, so online data simply
// replaces the snapshot per product.
import { readFileSync } from 'node:fs';
import type { Catalog } from '../../../db/catalog/catalog.ts';
import { EOL_CYCLES, EOL_PRODUCTS } from '../../../db/catalog/tables/gold.ts';
import { applySnapshot, type SnapshotRecord } from '../../../db/history/index.ts';
import type { Store } from '../../../db/store/types.ts';

export const EOL_SOURCE_ID = 'endoflife.date';

/** One cycle as endoflife.date returns it (`eol` is a date or a boolean). */
export interface EolCycle {
  cycle: string | number;
  releaseDate?: string;
  eol?: string | boolean;
  latest?: string;
  lts?: boolean | string;
}

export interface EolProduct {
  label: string;
  os_family: string;
  cycles: EolCycle[];
}

export type EolProducts = Record<string, EolProduct>;

/** The products the bundled snapshot covers, with their labels and OS families. */
export function bundledEolSnapshot(): { retrieved: string; products: EolProducts } {
  const url = new URL('./snapshot.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as { retrieved: string; products: EolProducts };
}

/**
 * LIKE pattern on lower(os_name || ' ' || os_version) for one cycle. Names differ per product
 * ("Debian GNU/Linux 12", "Windows Server 2019 Datacenter 10.0.17763", "Windows 11 Enterprise
 * 23H2"), so each product spells its own pattern.
 */
export function matchLike(product: string, cycle: string): string | null {
  const c = cycle.toLowerCase();
  switch (product) {
    case 'ubuntu':
      return `ubuntu% ${c}%`;
    case 'debian':
      return `debian% ${c}%`;
    case 'rhel':
      return `red hat% ${c}%`;
    case 'centos':
      return `centos% ${c}%`;
    case 'rocky-linux':
      return `rocky% ${c}%`;
    case 'almalinux':
      return `alma% ${c}%`;
    case 'windows-server':
      return `windows server ${c.replace('-', ' ')}%`;
    case 'windows': {
      const [major, release] = c.split('-');
      return release ? `windows ${major}%${release}%` : `windows ${major} %`;
    }
    case 'macos':
      return `macos% ${c}%`;
    default:
      return null;
  }
}

function dateOrNull(value: unknown): string | null {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

export function cycleRecords(product: string, cycles: readonly EolCycle[]): SnapshotRecord[] {
  return cycles.map((c) => {
    const cycle = String(c.cycle);
    return {
      row: {
        resource_id: `${product}/${cycle}`,
        product,
        cycle,
        release_date: dateOrNull(c.releaseDate),
        eol_date: dateOrNull(c.eol),
        eol_reached: typeof c.eol === 'boolean' ? c.eol : null,
        latest: c.latest ?? null,
        lts: typeof c.lts === 'boolean' ? c.lts : c.lts !== undefined,
        match_like: matchLike(product, cycle),
      },
    };
  });
}

/** Writes the given products (each product's cycles as one complete snapshot). */
export async function writeEolReference(
  store: Store,
  catalog: Catalog,
  products: EolProducts,
  collectedAt: Date,
): Promise<number> {
  let cycles = 0;
  const productRecords: SnapshotRecord[] = Object.entries(products).map(([slug, p]) => ({
    row: { resource_id: slug, label: p.label, os_family: p.os_family },
  }));
  await applySnapshot(
    store,
    catalog,
    catalog.find('bronze.eol_products') ?? EOL_PRODUCTS,
    { sourceId: EOL_SOURCE_ID, scope: 'all', collectedAt, complete: false },
    productRecords,
  );
  for (const [slug, p] of Object.entries(products)) {
    const records = cycleRecords(slug, p.cycles);
    cycles += records.length;
    await applySnapshot(
      store,
      catalog,
      catalog.find('bronze.eol_cycles') ?? EOL_CYCLES,
      { sourceId: EOL_SOURCE_ID, scope: slug, collectedAt, complete: true },
      records,
    );
  }
  return cycles;
}

/** Loads the bundled snapshot when the store has no EOL data yet; returns cycles written. */
export async function ensureEolReference(store: Store, catalog: Catalog, now: Date): Promise<number> {
  const [row] = await store.query<{ n: number }>('SELECT count(*) AS n FROM bronze.eol_cycles');
  if (Number(row?.n ?? 0) > 0) return 0;
  const snapshot = bundledEolSnapshot();
  return writeEolReference(store, catalog, snapshot.products, now);
}

/**
 * Downloads the products of the bundled snapshot from endoflife.date (`/api/<product>.json`).
 * Products that fail are left out (the stored data for them stays as it was).
 */
export async function fetchEolProducts(
  baseUrl = 'https://endoflife.date',
  options: { signal?: AbortSignal; products?: readonly string[] } = {},
): Promise<{ products: EolProducts; failed: string[] }> {
  const known = bundledEolSnapshot().products;
  const wanted = options.products ?? Object.keys(known);
  const products: EolProducts = {};
  const failed: string[] = [];
  for (const slug of wanted) {
    try {
      const res = await fetch(`${baseUrl.replace(/\/$/, '')}/api/${slug}.json`, {
        ...(options.signal ? { signal: options.signal } : {}),
        headers: { accept: 'application/json' },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const cycles = (await res.json()) as EolCycle[];
      if (!Array.isArray(cycles)) throw new Error('not a list of cycles');
      products[slug] = {
        label: known[slug]?.label ?? slug,
        os_family: known[slug]?.os_family ?? 'other',
        cycles,
      };
    } catch {
      failed.push(slug);
    }
  }
  return { products, failed };
}
