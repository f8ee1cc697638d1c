// Settings: where the analytical store lives and which engine runs the pipeline.
import { STORE_SETTING } from '../../workspace.ts';
import type { Settings } from '../contract.ts';
import type { HandlerContext, Handlers } from './context.ts';

/** Read by `hotpot run`-style launchers; "local" runs in this process. */
export const ENGINE_SETTING = 'engine.location';

/** A PostgreSQL URL may carry a password: the UI sees the URL with the password masked. */
export function maskStoreUrl(location: string): string {
  return location.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/, '$1:***@');
}

function current(ctx: HandlerContext): Settings {
  const ws = ctx.runtime.workspace;
  return {
    store: maskStoreUrl(ws.storeLocation()),
    defaultStore: ws.paths.store,
    engine: ws.state.getSetting<string>(ENGINE_SETTING) ?? 'local',
  };
}

export const settingsHandlers: Pick<Handlers, 'settings.get' | 'settings.set'> = {
  'settings.get': async (ctx) => current(ctx),
  'settings.set': async (ctx, input) => {
    const state = ctx.runtime.workspace.state;
    if (input.store !== undefined) {
      const store = input.store.trim();
      const isDefault = store === '' || store === ctx.runtime.workspace.paths.store;
      ctx.runtime.workspace.urls.set(STORE_SETTING, isDefault ? undefined : store);
    }
    if (input.engine !== undefined) {
      const engine = input.engine.trim();
      if (engine === '' || engine === 'local') state.deleteSetting(ENGINE_SETTING);
      else state.setSetting(ENGINE_SETTING, engine);
    }
    ctx.emit({ kind: 'settings.changed' });
    return current(ctx);
  },
};
