// The silver tables in the catalog and the store. Until the product catalog and migrations list
// them (the lead wires SILVER_TABLES there), normalize extends both itself; both steps are
// idempotent, so they become no-ops once wired.
import { Catalog } from '../../db/catalog/catalog.ts';
import { SILVER_TABLES } from '../../db/catalog/tables/silver.ts';
import { ensureTables } from '../../db/migrations/types.ts';
import type { Store } from '../../db/store/types.ts';

export function withSilver(catalog: Catalog): Catalog {
  if (catalog.find('silver.assets')) return catalog;
  return new Catalog([...catalog.tables, ...SILVER_TABLES]);
}

/** The migration that creates the silver tables (for db/migrations/index.ts). */
export const SILVER_MIGRATION = ensureTables(
  '0008_silver',
  'Silver assets, asset sources, software, vulnerabilities and exposures with their history.',
  SILVER_TABLES,
);

export async function ensureSilverTables(store: Store): Promise<void> {
  const present = await store.query('SELECT 1 AS ok FROM silver.exposures LIMIT 0').then(
    () => true,
    () => false,
  );
  if (present) return;
  await store.transaction(async (tx) => {
    await tx.execute('CREATE SCHEMA IF NOT EXISTS silver');
    await tx.execute('CREATE SCHEMA IF NOT EXISTS silver_history');
    await SILVER_MIGRATION.up(tx);
  });
}
