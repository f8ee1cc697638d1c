import { Catalog } from '../catalog/catalog.ts';
import { childTable, col, resourceTable } from '../catalog/define.ts';
import { META_TABLES } from '../catalog/tables/meta.ts';
import { MIGRATIONS, ensureTables, type Migration } from '../migrations/index.ts';

/** A small resource with every column type, three child tables and a grandchild, for store tests. */
export const WIDGETS = resourceTable({
  layer: 'bronze',
  name: 'test_widgets',
  description: 'Test resource.',
  columns: [
    col('name', 'text', 'Name.'),
    col('size', 'integer', 'Size.'),
    col('big', 'bigint', 'A 64-bit number.'),
    col('ratio', 'double', 'A ratio.'),
    col('enabled', 'boolean', 'A flag.'),
    col('created', 'timestamp', 'Creation time.'),
    col('config_json', 'json', 'Nested configuration.'),
    col('heartbeat', 'timestamp', 'Changes every collection.', { volatile: true }),
  ],
});

export const WIDGET_NICS = childTable({
  layer: 'bronze',
  name: 'test_widget_nics',
  description: 'Test child.',
  parent: 'test_widgets',
  naturalKey: ['nic_name'],
  columns: [
    col('nic_name', 'text', 'NIC name.'),
    col('ip', 'text', 'Private IP.'),
    col('mac', 'text', 'MAC.'),
  ],
});

export const WIDGET_NIC_ADDRESSES = childTable({
  layer: 'bronze',
  name: 'test_widget_nic_addresses',
  description: 'Test grandchild.',
  parent: 'test_widget_nics',
  naturalKey: ['nic_name', 'address'],
  columns: [
    col('nic_name', 'text', 'NIC name.'),
    col('address', 'text', 'Public address.'),
    col('tier', 'text', 'Tier.'),
  ],
});

export const WIDGET_LABELS = childTable({
  layer: 'bronze',
  name: 'test_widget_labels',
  description: 'Test key/value child.',
  parent: 'test_widgets',
  naturalKey: ['key'],
  columns: [col('key', 'text', 'Label key.'), col('value', 'text', 'Label value.')],
});

export const TEST_TABLES = [WIDGETS, WIDGET_NICS, WIDGET_NIC_ADDRESSES, WIDGET_LABELS];

export const testCatalog = new Catalog([...META_TABLES, ...TEST_TABLES]);

export const TEST_MIGRATIONS: readonly Migration[] = [
  ...MIGRATIONS,
  ensureTables('9001_test_widgets', 'Test tables.', TEST_TABLES),
];
