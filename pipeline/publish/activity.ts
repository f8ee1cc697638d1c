import { randomUUID } from 'node:crypto';
import { openStore } from '../../db/store/open.ts';
import { redactUrl } from '../../db/store/postgres-store.ts';
import { HotpotError } from '../../db/errors.ts';
import type { PipelineEnv } from '../env.ts';
import { implementActivity } from '../workflows/define.ts';
import { publishActivity } from '../workflows/pipeline-run.ts';
import type { AnyActivityDef } from '../workflows/types.ts';
import { publish } from './publish.ts';

/** Workspace setting holding the central database URL (`hotpot publish --save`). */
export const PUBLISH_URL_SETTING = 'publish.url';
/** Workspace setting holding this workspace's publisher id; created on first publish. */
export const PUBLISHER_ID_SETTING = 'publish.publisher_id';
/** Workers without a workspace setting read the URL from their Secret (deploy/k8s). */
export const PUBLISH_URL_ENV = 'HOTPOT_CENTRAL_DATABASE_URL';

export function publishUrl(env: PipelineEnv): string {
  const url = env.workspace.urls.get(PUBLISH_URL_SETTING) ?? process.env[PUBLISH_URL_ENV];
  if (!url) {
    throw new HotpotError(
      `No central database configured: run "hotpot publish --to postgres://… --save" or set ${PUBLISH_URL_ENV}.`,
      'PUBLISH_NOT_CONFIGURED',
    );
  }
  return url;
}

/** A stable id for this workspace, created once and kept in its settings. */
export function publisherId(env: PipelineEnv): string {
  const existing = env.workspace.state.getSetting<string>(PUBLISHER_ID_SETTING);
  if (existing) return existing;
  const id = `ws-${randomUUID()}`;
  env.workspace.state.setSetting(PUBLISHER_ID_SETTING, id);
  return id;
}

/** The `publish.central` activity: publishes the workspace store, heartbeating per table batch. */
export function createPublishActivities(env: PipelineEnv): AnyActivityDef[] {
  const central = implementActivity(publishActivity, async (_input, actx) => {
    const url = publishUrl(env);
    env.log(`publish: to ${redactUrl(url)}`);
    const target = await openStore(url);
    try {
      const result = await publish(await env.store(), target, env.catalog, {
        publisherId: publisherId(env),
        signal: actx.signal,
        onProgress: (p) => {
          actx.heartbeat({ table: p.table, done: p.done });
          if (p.phase !== 'staged')
            actx.progress({ done: p.done, total: p.total, unit: 'tables', message: p.table });
        },
      });
      env.log(`publish: ${result.rowsWritten} rows written to ${result.target} in ${result.ms} ms`);
      return {
        rowsWritten: result.rowsWritten,
        complete: true,
        tables: Object.fromEntries(result.tables.map((t) => [t.table, t.currentWritten + t.historyWritten])),
      };
    } finally {
      await target.close();
    }
  });
  return [central];
}
