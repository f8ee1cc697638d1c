import { col, plainTable } from '../define.ts';
import type { TableSpec } from '../types.ts';

/**
 * Kept on the central database, written in the same transaction as the data of a table batch, so
 * a watermark can never run ahead of (or behind) what was actually merged.
 */
export const PUBLISH_WATERMARKS_TABLE: TableSpec = plainTable({
  layer: 'meta',
  name: 'publish_watermarks',
  description:
    'Per publisher and table: the latest local change time already merged into this (central) database.',
  primaryKey: ['publisher_id', 'table_name'],
  columns: [
    col('publisher_id', 'text', 'Workspace that publishes (stable per analyst workspace).', {
      nullable: false,
    }),
    col(
      'table_name',
      'text',
      'Qualified table name of the resource (or plain) table, e.g. bronze.gcp_compute_instances.',
      {
        nullable: false,
      },
    ),
    col(
      'watermark',
      'timestamp',
      'Latest collected_at / valid_from / valid_to of the publisher already merged.',
      {
        nullable: false,
      },
    ),
    col('publish_id', 'text', 'Publish run that advanced the watermark.', { nullable: false }),
    col('published_at', 'timestamp', 'When that run committed this table batch.', { nullable: false }),
  ],
});

/** Who published what and when: one row per publish run and table batch. */
export const PUBLISH_LOG_TABLE: TableSpec = plainTable({
  layer: 'meta',
  name: 'publish_log',
  description: 'One row per publish run and table batch: who published, which collection, how many rows.',
  primaryKey: ['publish_id', 'table_name'],
  columns: [
    col('publish_id', 'text', 'Publish run (random id).', { nullable: false }),
    col('table_name', 'text', 'Qualified table name of the batch (the root table of a resource family).', {
      nullable: false,
    }),
    col('publisher_id', 'text', 'Workspace that published.', { nullable: false }),
    col(
      'collected_at',
      'timestamp',
      'Latest collection time included in the batch (NULL for tables without one).',
    ),
    col('watermark_from', 'timestamp', 'Watermark before the batch (NULL on a first publish).'),
    col('watermark_to', 'timestamp', 'Watermark after the batch.'),
    col('rows_sent', 'bigint', 'Rows staged from the publisher (current, history and deletions).', {
      nullable: false,
    }),
    col('current_written', 'bigint', 'Current rows inserted, replaced or deleted on this database.', {
      nullable: false,
    }),
    col('history_written', 'bigint', 'History versions inserted or closed on this database.', {
      nullable: false,
    }),
    col(
      'skipped_older',
      'bigint',
      'Current rows not written because this database holds a newer collection.',
      {
        nullable: false,
      },
    ),
    col('started_at', 'timestamp', 'When the batch started.', { nullable: false }),
    col('finished_at', 'timestamp', 'When the batch committed.', { nullable: false }),
  ],
});

export const PUBLISH_TABLES: readonly TableSpec[] = [PUBLISH_WATERMARKS_TABLE, PUBLISH_LOG_TABLE];
