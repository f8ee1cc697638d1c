import type { ColumnType } from '../catalog/types.ts';
import { quoteIdent, type Dialect } from './types.ts';

const TYPES: Record<ColumnType, string> = {
  text: 'VARCHAR',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMPTZ',
  date: 'DATE',
  json: 'JSON',
};

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  sqlType: (type) => TYPES[type],
  // DuckDB scans with zone maps; an ART index per history table would slow every append and
  // history_id uniqueness is guaranteed by the sequence allocator.
  indexesHistory: false,
  inList: (expr, param, type) => `${expr} IN (SELECT unnest(${param}::${TYPES[type]}[]))`,
  sequenceBlocks: (sequence, count) => `SELECT nextval('${sequence}') AS v FROM range(${Math.trunc(count)})`,
  migrationLock: () => undefined,
  tableOptions: () => '',
  columnDefinition: (c) => `${quoteIdent(c.name)} ${TYPES[c.type]}${c.nullable ? '' : ' NOT NULL'}`,
  hashText: (expr, type) => {
    if (type === 'text') return expr;
    // Epoch microseconds: TIMESTAMPTZ as text would follow the session's TimeZone setting.
    if (type === 'timestamp') return `CAST(epoch_us(${expr}) AS VARCHAR)`;
    return `CAST(${expr} AS VARCHAR)`;
  },
  // DuckDB keeps statistics of a table as it is written.
  analyzeTemp: () => undefined,
  // The appender resolves an unqualified catalog, which finds the session's temporary tables first.
  tempSchema: 'main',
};
