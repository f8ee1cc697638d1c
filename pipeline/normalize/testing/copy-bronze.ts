// Copies the current bronze rows and meta.sync_scopes of one store into another (tests: run
// normalize on PostgreSQL against the same bronze a DuckDB sandbox workspace collected).
import type { Catalog } from '../../../db/catalog/catalog.ts';
import { SYNC_SCOPES_TABLE } from '../../../db/catalog/tables/meta.ts';
import type { Store } from '../../../db/store/types.ts';
import { normalizeValue } from '../../../db/values.ts';

export async function copyBronze(from: Store, to: Store, catalog: Catalog): Promise<number> {
  let copied = 0;
  const tables = [...catalog.tables.filter((t) => t.layer === 'bronze'), SYNC_SCOPES_TABLE];
  for (const spec of tables) {
    for await (const batch of from.stream(`SELECT * FROM ${spec.layer}.${spec.name}`)) {
      const rows = batch.map((r) => spec.columns.map((c) => normalizeValue(c, r[c.name])));
      await to.bulkInsert({ schema: spec.layer, table: spec.name, columns: spec.columns }, rows);
      copied += rows.length;
    }
  }
  return copied;
}
