import { GCP_TABLES } from '../catalog/tables/gcp.ts';
import { SYNC_SCOPES_TABLE } from '../catalog/tables/meta.ts';
import { VNG_TABLES } from '../catalog/tables/vng.ts';
import { SCHEMAS } from '../ddl.ts';
import { quoteIdent } from '../dialects/types.ts';
import { ensureTables, type Migration } from './types.ts';

export type { Migration } from './types.ts';
export { ensureTables } from './types.ts';

/**
 * Every migration this version knows, in order. Append only: a store whose applied list is not a
 * prefix of this list was migrated by another (newer) version and is refused.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001_schemas',
    description: 'Create the layer schemas and their history schemas.',
    async up(session) {
      for (const schema of SCHEMAS)
        await session.execute(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    },
  },
  ensureTables('0002_sync_scopes', 'Record the latest snapshot per table, source and scope.', [
    SYNC_SCOPES_TABLE,
  ]),
  ensureTables('0003_gcp_bronze', 'Google Cloud Compute inventory tables and their history.', GCP_TABLES),
  ensureTables('0004_vng_bronze', 'VNG Cloud vServer inventory tables and their history.', VNG_TABLES),
];
