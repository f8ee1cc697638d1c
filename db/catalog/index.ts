import { Catalog } from './catalog.ts';
import { FORTINET_TABLES } from './tables/fortinet.ts';
import { GCP_TABLES } from './tables/gcp.ts';
import { EOL_TABLES, GOLD_TABLES } from './tables/gold.ts';
import { META_TABLES } from './tables/meta.ts';
import { PUBLISH_TABLES } from './tables/publish.ts';
import { S1_TABLES } from './tables/s1.ts';
import { SILVER_TABLES } from './tables/silver.ts';
import { VNG_TABLES } from './tables/vng.ts';

export * from './types.ts';
export { Catalog, CatalogError } from './catalog.ts';
export { col, resourceTable, childTable, plainTable, ownColumns, historyColumns } from './define.ts';

/** Every table of the product. Providers and layers add their lists here as they land. */
export const catalog = new Catalog([
  ...META_TABLES,
  ...PUBLISH_TABLES,
  ...GCP_TABLES,
  ...S1_TABLES,
  ...VNG_TABLES,
  ...FORTINET_TABLES,
  ...SILVER_TABLES,
  ...EOL_TABLES,
  ...GOLD_TABLES,
]);
