import type { ColumnType } from '../catalog/types.ts';
import { quoteIdent, type Dialect } from './types.ts';

const TYPES: Record<ColumnType, string> = {
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  double: 'double precision',
  boolean: 'boolean',
  timestamp: 'timestamptz',
  date: 'date',
  json: 'jsonb',
};

/** Arbitrary constant: the advisory lock key that serialises migrations of one database. */
const MIGRATION_LOCK_KEY = 0x686f74706f74;

export const postgresDialect: Dialect = {
  name: 'postgres',
  sqlType: (type) => TYPES[type],
  indexesHistory: true,
  inList: (expr, param, type) => `${expr} = ANY(${param}::${TYPES[type]}[])`,
  sequenceBlocks: (sequence, count) =>
    `SELECT nextval('${sequence}') AS v FROM generate_series(1, ${Math.trunc(count)})`,
  migrationLock: () => `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`,
  // Every collection bumps collected_at on each resource row; free space on each page lets
  // PostgreSQL update in place (HOT) without touching the primary-key index.
  tableOptions: (kind) => (kind === 'resource' ? ' WITH (fillfactor = 70)' : ''),
  columnDefinition: (c) => `${quoteIdent(c.name)} ${TYPES[c.type]}${c.nullable ? '' : ' NOT NULL'}`,
  hashText: (expr, type) => {
    if (type === 'text') return expr;
    // Epoch microseconds: timestamptz as text would follow the session's TimeZone setting.
    if (type === 'timestamp') return `CAST(CAST(extract(epoch FROM ${expr}) * 1000000 AS bigint) AS text)`;
    return `CAST(${expr} AS text)`;
  },
  // Autovacuum never analyses temporary tables; without statistics the planner guesses badly.
  analyzeTemp: (table) => `ANALYZE ${table}`,
  tempSchema: 'pg_temp',
};
