import type { Catalog } from '../catalog/catalog.ts';
import { historyColumns } from '../catalog/define.ts';
import type { ColumnSpec, TableSpec } from '../catalog/types.ts';
import { quoteIdent, tableRef } from '../dialects/types.ts';
import { HotpotError } from '../errors.ts';
import type { Row, SqlParam, SqlSession } from '../store/types.ts';

export type FilterOp =
  'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'contains' | 'startsWith' | 'isNull' | 'notNull' | 'in';

export interface Filter {
  readonly column: string;
  readonly op: FilterOp;
  readonly value?: string | number | boolean | readonly string[];
}

export interface SortKey {
  readonly column: string;
  readonly direction: 'asc' | 'desc';
}

export interface PageRequest {
  /** `layer.name` for current rows, `layer_history.name` for every version. */
  readonly table: string;
  readonly columns?: readonly string[];
  readonly sort?: readonly SortKey[];
  readonly filters?: readonly Filter[];
  readonly limit: number;
  readonly offset: number;
}

export interface Page {
  readonly columns: readonly ColumnSpec[];
  readonly rows: Row[];
  readonly total: number;
}

const MAX_LIMIT = 10_000;

/** Finds the table a UI or API names, in the catalog, with the columns it really has. */
export function resolveTable(
  catalog: Catalog,
  name: string,
): { schema: string; spec: TableSpec; columns: readonly ColumnSpec[] } {
  const [schema = '', table = ''] = name.split('.');
  const history = schema.endsWith('_history');
  const layer = history ? schema.slice(0, -'_history'.length) : schema;
  const spec = catalog.find(`${layer}.${table}`);
  if (!spec || (history && !spec.history)) throw new HotpotError(`Unknown table "${name}".`, 'UNKNOWN_TABLE');
  return { schema, spec, columns: history ? historyColumns(spec) : spec.columns };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * One page of a table with sorting and filtering done by the store. Identifiers are checked
 * against the catalog and every value is a bound parameter, never spliced into the SQL.
 */
export async function readPage(session: SqlSession, catalog: Catalog, request: PageRequest): Promise<Page> {
  const { schema, spec, columns } = resolveTable(catalog, request.table);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const column = (name: string): ColumnSpec => {
    const c = byName.get(name);
    if (!c) throw new HotpotError(`Table ${request.table} has no column "${name}".`, 'UNKNOWN_COLUMN');
    return c;
  };
  const selected = (request.columns ?? columns.map((c) => c.name)).map(column);
  const params: SqlParam[] = [];
  const bind = (value: SqlParam): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  for (const f of request.filters ?? []) {
    const c = column(f.column);
    const ident = quoteIdent(c.name);
    const typed = (v: SqlParam): string => `${bind(v)}::${session.dialect.sqlType(c.type)}`;
    const asText = `CAST(${ident} AS TEXT)`;
    switch (f.op) {
      case 'isNull':
        where.push(`${ident} IS NULL`);
        break;
      case 'notNull':
        where.push(`${ident} IS NOT NULL`);
        break;
      case 'contains':
        where.push(`${asText} ILIKE ${bind(`%${escapeLike(String(f.value ?? ''))}%`)} ESCAPE '\\'`);
        break;
      case 'startsWith':
        where.push(`${asText} ILIKE ${bind(`${escapeLike(String(f.value ?? ''))}%`)} ESCAPE '\\'`);
        break;
      case 'in':
        where.push(
          session.dialect.inList(
            asText,
            bind((Array.isArray(f.value) ? f.value : [String(f.value)]) as string[]),
            'text',
          ),
        );
        break;
      default: {
        const ops = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;
        if (f.value === undefined || Array.isArray(f.value))
          throw new HotpotError(`Filter ${f.op} on ${c.name} needs one value.`, 'BAD_FILTER');
        where.push(`${ident} ${ops[f.op]} ${typed(f.value as SqlParam)}`);
      }
    }
  }
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const order = [
    ...(request.sort ?? []).map(
      (s) => `${quoteIdent(column(s.column).name)} ${s.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`,
    ),
  ];
  // The key last, so that pages never overlap or skip rows when sort values tie.
  const key = schema.endsWith('_history') ? ['history_id'] : spec.primaryKey;
  order.push(...key.map((k) => quoteIdent(k)));
  const limit = Math.max(0, Math.min(MAX_LIMIT, Math.trunc(request.limit)));
  const offset = Math.max(0, Math.trunc(request.offset));
  const from = tableRef(schema, spec.name);
  const [count] = await session.query<{ n: number }>(`SELECT count(*) AS n FROM ${from} ${whereSql}`, params);
  const rows = await session.query(
    `SELECT ${selected.map((c) => quoteIdent(c.name)).join(', ')} FROM ${from} ${whereSql} ORDER BY ${order.join(', ')} LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return { columns: selected, rows, total: Number(count?.n ?? 0) };
}
