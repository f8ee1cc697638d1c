// The Publish page: where this workspace publishes (password masked) and what the central
// database recorded of its last publish per table. Publishing itself is the pipeline's publish
// stage (`runs.launch` with stages ['publish']), so progress arrives like any run's.
import { openStore } from '../../../db/store/open.ts';
import { PUBLISH_URL_SETTING, PUBLISHER_ID_SETTING } from '../../publish/activity.ts';
import type { PublishedTable, PublishStatus } from '../contract.ts';
import type { HandlerContext, Handlers } from './context.ts';
import { maskStoreUrl } from './settings.ts';

type LastPublishRow = {
  table_name: string;
  watermark: string;
  published_at: string;
  publish_id: string;
  rows_sent: number | string | null;
  written: number | string | null;
  skipped_older: number | string | null;
};

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));
const iso = (v: unknown): string => new Date(String(v)).toISOString();

async function status(ctx: HandlerContext): Promise<PublishStatus> {
  const state = ctx.runtime.workspace.state;
  const url = ctx.runtime.workspace.urls.get(PUBLISH_URL_SETTING);
  const publisherId = state.getSetting<string>(PUBLISHER_ID_SETTING) ?? null;
  const base: PublishStatus = {
    target: url ? maskStoreUrl(url) : null,
    publisherId,
    tables: [],
    error: null,
  };
  if (!url) return base;
  // Connect even before the first publish: a wrong URL should show when it is set, not later.
  let central;
  try {
    central = await openStore(url);
  } catch (error) {
    return { ...base, error: `Cannot reach the central database: ${maskStoreUrl((error as Error).message)}` };
  }
  try {
    const [present] = await central.query(
      "SELECT 1 AS ok FROM information_schema.tables WHERE table_schema = 'meta' AND table_name = 'publish_watermarks'",
    );
    if (!present || !publisherId) return base;
    const rows = await central.query<LastPublishRow>(
      `SELECT w.table_name, w.watermark, w.published_at, w.publish_id, l.rows_sent,
              l.current_written + l.history_written AS written, l.skipped_older
         FROM meta.publish_watermarks w
         LEFT JOIN meta.publish_log l ON l.publish_id = w.publish_id AND l.table_name = w.table_name
        WHERE w.publisher_id = $1
        ORDER BY w.table_name`,
      [publisherId],
    );
    const tables = rows.map((r): PublishedTable => ({
      table: r.table_name,
      publishedAt: iso(r.published_at),
      watermark: iso(r.watermark),
      publishId: r.publish_id,
      rowsSent: num(r.rows_sent),
      rowsWritten: num(r.written),
      skippedOlder: num(r.skipped_older),
    }));
    return { ...base, tables };
  } catch (error) {
    return { ...base, error: `Cannot read the publish log: ${maskStoreUrl((error as Error).message)}` };
  } finally {
    await central.close();
  }
}

export const publishHandlers: Pick<Handlers, 'publish.status' | 'publish.setTarget'> = {
  'publish.status': async (ctx) => status(ctx),
  'publish.setTarget': async (ctx, input) => {
    ctx.runtime.workspace.urls.set(PUBLISH_URL_SETTING, input.url);
    ctx.emit({ kind: 'settings.changed' });
    return status(ctx);
  },
};
