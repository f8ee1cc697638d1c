import { col, plainTable } from '../define.ts';
import type { TableSpec } from '../types.ts';

export const MIGRATIONS_TABLE: TableSpec = plainTable({
  layer: 'meta',
  name: 'migrations',
  description: 'Schema migrations applied to this store, in order. Forward-only.',
  primaryKey: ['id'],
  columns: [
    col('seq', 'integer', 'Position of the migration in the known list.', { nullable: false }),
    col('id', 'text', 'Stable migration id, e.g. 0001_schemas.', { nullable: false }),
    col('description', 'text', 'What the migration does.', { nullable: false }),
    col('applied_at', 'timestamp', 'When it was applied.', { nullable: false }),
    col('applied_by', 'text', 'Hotpot version that applied it.', { nullable: false }),
  ],
});

export const SYNC_SCOPES_TABLE: TableSpec = plainTable({
  layer: 'meta',
  name: 'sync_scopes',
  description:
    'Latest snapshot applied per table, source and scope: when, whether the listing was complete, counts.',
  primaryKey: ['table_name', 'source_id', 'scope'],
  columns: [
    col('table_name', 'text', 'Qualified table name, e.g. bronze.gcp_compute_instances.', {
      nullable: false,
    }),
    col('source_id', 'text', 'Configured source.', { nullable: false }),
    col('scope', 'text', 'Listing scope (project, region, VDOM, site).', { nullable: false }),
    col('collected_at', 'timestamp', 'Collection time of the latest applied snapshot.', { nullable: false }),
    col('complete', 'boolean', 'Whether that listing was complete (missing objects were deleted).', {
      nullable: false,
    }),
    col('last_complete_at', 'timestamp', 'Collection time of the latest complete listing.'),
    col('seen', 'integer', 'Objects in the latest snapshot.', { nullable: false }),
    col('inserted', 'integer', 'Objects that appeared.', { nullable: false }),
    col('changed', 'integer', 'Objects whose content or children changed.', { nullable: false }),
    col('deleted', 'integer', 'Objects deleted because a complete listing no longer had them.', {
      nullable: false,
    }),
    col('rejected', 'integer', 'Records refused for bad data (kept out, nothing deleted for them).', {
      nullable: false,
    }),
  ],
});

export const META_TABLES: readonly TableSpec[] = [MIGRATIONS_TABLE, SYNC_SCOPES_TABLE];
