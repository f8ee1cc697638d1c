import { FORTINET_TABLES } from '../catalog/tables/fortinet.ts';
import { GCP_TABLES } from '../catalog/tables/gcp.ts';
import { EOL_TABLES, GOLD_TABLES } from '../catalog/tables/gold.ts';
import { SYNC_SCOPES_TABLE } from '../catalog/tables/meta.ts';
import { PUBLISH_TABLES } from '../catalog/tables/publish.ts';
import { S1_TABLES } from '../catalog/tables/s1.ts';
import { SILVER_TABLES } from '../catalog/tables/silver.ts';
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
  ensureTables(
    '0005_fortinet_bronze',
    'FortiGate configuration and detected-device tables and their history.',
    FORTINET_TABLES,
  ),
  ensureTables(
    '0006_s1_bronze',
    'SentinelOne accounts, sites, agents, applications and risks and their history.',
    S1_TABLES,
  ),
  ensureTables('0007_publish_meta', 'Publish watermarks and the publish log.', PUBLISH_TABLES),
  ensureTables(
    '0008_gold',
    'Gold compliance, alerts, alert events, asset summary; end-of-life reference tables.',
    [...EOL_TABLES, ...GOLD_TABLES],
  ),
  ensureTables(
    '0009_silver',
    'Silver assets, asset sources, software, vulnerabilities and exposures with their history.',
    SILVER_TABLES,
  ),
];
