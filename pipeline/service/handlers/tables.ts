// Tables: catalog listing, server-side paging of any table (history included), CSV export, and
// time travel (as-of, diff) on one resource.
import { historyColumns } from '../../../db/catalog/define.ts';
import { historySchema, type TableSpec } from '../../../db/catalog/types.ts';
import { tableRef } from '../../../db/dialects/types.ts';
import { HotpotError } from '../../../db/errors.ts';
import { asOf } from '../../../db/history/as-of.ts';
import { diff } from '../../../db/history/diff.ts';
import { readPage, resolveTable, type PageRequest } from '../../../db/query/page.ts';
import type { TableInfo } from '../contract.ts';
import { toCsv } from '../csv.ts';
import { readPageKeysFirst } from '../key-first-page.ts';
import type { HandlerContext, Handlers } from './context.ts';

/** Row count of a table, or null when the store does not have it (not migrated yet). */
export async function countRows(ctx: HandlerContext, schema: string, name: string): Promise<number | null> {
  try {
    const store = await ctx.runtime.env.store();
    const [row] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM ${tableRef(schema, name)}`);
    return Number(row?.n ?? 0);
  } catch {
    return null;
  }
}

function rootTable(ctx: HandlerContext, name: string): TableSpec {
  const { spec } = resolveTable(ctx.catalog, name);
  if (spec.kind === 'plain') throw new HotpotError(`${name} keeps no history.`, 'NO_HISTORY');
  const root = ctx.catalog.rootOf(spec);
  if (!root.history) throw new HotpotError(`${name} keeps no history.`, 'NO_HISTORY');
  return root;
}

function pageRequest(input: PageRequest): PageRequest {
  return input;
}

export const tableHandlers: Pick<
  Handlers,
  'tables.list' | 'tables.page' | 'tables.exportCsv' | 'tables.asOf' | 'tables.diff'
> = {
  'tables.list': async (ctx, input) => {
    const out: TableInfo[] = [];
    // Counting every table takes a while on a big workspace; a page that needs one asks for it.
    const wanted = (name: string): boolean => !input.names || input.names.includes(name);
    for (const spec of ctx.catalog.tables) {
      const base = { layer: spec.layer, table: spec.name, kind: spec.kind, description: spec.description };
      if (wanted(`${spec.layer}.${spec.name}`))
        out.push({
          ...base,
          name: `${spec.layer}.${spec.name}`,
          history: false,
          columns: [...spec.columns],
          rows: input.withCounts ? await countRows(ctx, spec.layer, spec.name) : null,
        });
      if (spec.history && wanted(`${historySchema(spec.layer)}.${spec.name}`)) {
        const schema = historySchema(spec.layer);
        out.push({
          ...base,
          name: `${schema}.${spec.name}`,
          history: true,
          columns: [...historyColumns(spec)],
          rows: input.withCounts ? await countRows(ctx, schema, spec.name) : null,
        });
      }
    }
    return out;
  },
  'tables.page': async (ctx, input) => {
    const page = await readPageKeysFirst(await ctx.runtime.env.store(), ctx.catalog, pageRequest(input));
    return { columns: [...page.columns], rows: page.rows, total: page.total };
  },
  'tables.exportCsv': async (ctx, input) => {
    const page = await readPage(await ctx.runtime.env.store(), ctx.catalog, { ...input, limit: 10_000 });
    // readPage caps a page at 10k rows; walk pages up to the requested limit.
    const rows = [...page.rows];
    while (rows.length < Math.min(input.limit, page.total)) {
      const next = await readPage(await ctx.runtime.env.store(), ctx.catalog, {
        ...input,
        offset: input.offset + rows.length,
        limit: Math.min(10_000, input.limit - rows.length),
      });
      if (next.rows.length === 0) break;
      rows.push(...next.rows);
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return {
      filename: `${input.table}-${stamp}.csv`,
      csv: toCsv(
        page.columns.map((c) => c.name),
        rows,
      ),
      rows: rows.length,
    };
  },
  'tables.asOf': async (ctx, input) => {
    const root = rootTable(ctx, input.table);
    const key = { sourceId: input.sourceId, resourceId: input.resourceId };
    return asOf(await ctx.runtime.env.store(), ctx.catalog, root, key, input.at);
  },
  'tables.diff': async (ctx, input) => {
    const root = rootTable(ctx, input.table);
    const key = { sourceId: input.sourceId, resourceId: input.resourceId };
    return diff(await ctx.runtime.env.store(), ctx.catalog, root, key, input.from, input.to);
  },
};
