// Sources: list/save/test/remove. Secrets are write-only: they go to the secret store and only
// their names come back.
import { HotpotError } from '../../../db/errors.ts';
import type { SourceConfig } from '../../../db/state/sources.ts';
import { providerCli } from '../../sources/providers.ts';
import type { PublicSource } from '../contract.ts';
import { providerInfos, providerSpec } from '../providers.ts';
import type { Handlers } from './context.ts';

export function publicSource(s: SourceConfig): PublicSource {
  return {
    id: s.id,
    provider: s.provider,
    name: s.name,
    config: { ...s.config },
    secretNames: [...s.secretNames],
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export const sourceHandlers: Pick<
  Handlers,
  'providers.list' | 'sources.list' | 'sources.save' | 'sources.test' | 'sources.remove'
> = {
  'providers.list': async () => providerInfos(),
  'sources.list': async (ctx) => ctx.runtime.workspace.sources.list().map(publicSource),
  'sources.save': async (ctx, input) => {
    const spec = providerSpec(input.provider);
    if (!spec)
      throw new HotpotError(
        `Unknown provider "${input.provider}"; use one of ${providerInfos()
          .map((p) => p.provider)
          .join(', ')}.`,
        'UNKNOWN_PROVIDER',
      );
    try {
      spec.validate(input.id, input.config);
    } catch (error) {
      throw new HotpotError((error as Error).message, 'BAD_CONFIG');
    }
    const secrets: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.secrets ?? {})) {
      if (!spec.secretNames.includes(name))
        throw new HotpotError(
          `A ${input.provider} source has no secret "${name}"; it takes ${spec.secretNames.join(', ')}.`,
          'BAD_SECRET_NAME',
        );
      if (value.trim() !== '') secrets[name] = value;
    }
    const saved = ctx.runtime.workspace.sources.save({
      id: input.id,
      provider: input.provider,
      ...(input.name ? { name: input.name } : {}),
      config: input.config,
      secrets,
    });
    ctx.emit({ kind: 'sources.changed' });
    return publicSource(saved);
  },
  'sources.test': async (ctx, input) => {
    const source = ctx.runtime.workspace.sources.require(input.id);
    const cli = providerCli(source.provider);
    if (!cli)
      throw new HotpotError(
        `Provider "${source.provider}" cannot be tested in this version.`,
        'UNKNOWN_PROVIDER',
      );
    const checks = await cli.test(ctx.runtime.env, input.id);
    return { id: input.id, ok: checks.length > 0 && checks.every((c) => c.ok), checks };
  },
  'sources.remove': async (ctx, input) => {
    const removed = ctx.runtime.workspace.sources.remove(input.id);
    if (removed) ctx.emit({ kind: 'sources.changed' });
    return { removed };
  },
};
