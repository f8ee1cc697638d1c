import { Catalog } from './catalog.ts';
import { GCP_TABLES } from './tables/gcp.ts';
import { META_TABLES } from './tables/meta.ts';
import { VNG_TABLES } from './tables/vng.ts';

export * from './types.ts';
export { Catalog, CatalogError } from './catalog.ts';
export { col, resourceTable, childTable, plainTable, ownColumns, historyColumns } from './define.ts';

/** Every table of the product. Providers and layers add their lists here as they land. */
export const catalog = new Catalog([...META_TABLES, ...GCP_TABLES, ...VNG_TABLES]);
