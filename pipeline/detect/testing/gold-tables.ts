// Tests only: creates the gold and end-of-life tables on a store whose migrations predate them
// (the product migrations gain them when the lead wires GOLD_TABLES / EOL_TABLES).
import { EOL_TABLES, GOLD_TABLES } from '../../../db/catalog/tables/gold.ts';
import { ensureTableStatements } from '../../../db/ddl.ts';
import type { Store } from '../../../db/store/types.ts';

export async function ensureGoldTables(store: Store): Promise<void> {
  await store.execute('CREATE SCHEMA IF NOT EXISTS gold');
  await store.execute('CREATE SCHEMA IF NOT EXISTS gold_history');
  for (const t of [...EOL_TABLES, ...GOLD_TABLES])
    for (const s of ensureTableStatements(t, store.dialect)) await store.execute(s);
}
