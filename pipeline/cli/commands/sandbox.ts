import type { Command } from 'commander';
import { configureSandboxSources } from '../../sources/sandbox-sources.ts';
import { Workspace } from '../../workspace.ts';
import { HotpotError } from '../../../db/errors.ts';
import { startSandbox, type RunningSandbox, type SandboxEndpoints } from '../../../sandbox/index.ts';
import { parseFaultSpec } from '../../../sandbox/server/faults.ts';
import { isScale } from '../../../sandbox/world/scales.ts';
import type { Scale } from '../../../sandbox/world/types.ts';
import type { CliContext } from '../context.ts';

export interface SandboxCommandOptions {
  seed: number;
  scale: Scale;
  port: number;
  faults?: string;
  forbiddenProjects: string[];
}

/**
 * The endpoints and credentials of a running sandbox, exactly as printed on the first stdout
 * line. `--configure` (source store) builds its source definitions from this object.
 */
export function sandboxConnection(sandbox: RunningSandbox): SandboxEndpoints {
  return sandbox.endpoints;
}

export function parseSandboxOptions(raw: {
  seed?: string;
  scale?: string;
  port?: string;
  faults?: string;
  forbiddenProject?: string[];
}): SandboxCommandOptions {
  const seed = Number(raw.seed ?? '1');
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new HotpotError(`--seed must be an integer between 0 and 4294967295, got "${raw.seed}".`, 'usage');
  const scale = raw.scale ?? 'small';
  if (!isScale(scale))
    throw new HotpotError(`--scale must be small, medium or large, got "${scale}".`, 'usage');
  const port = Number(raw.port ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new HotpotError(
      `--port must be between 0 and 65535 (0 picks a free port), got "${raw.port}".`,
      'usage',
    );
  try {
    parseFaultSpec(raw.faults);
  } catch (error) {
    throw new HotpotError(
      `--faults: ${(error as Error).message}. Example: 429=0.1,5xx=0.05,latency=50ms,truncate=0.01,loop=0.01`,
      'usage',
    );
  }
  return {
    seed,
    scale,
    port,
    ...(raw.faults ? { faults: raw.faults } : {}),
    forbiddenProjects: raw.forbiddenProject ?? [],
  };
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('sandbox')
    .description(
      'serve simulated provider APIs (GCP, ...) from a seeded world; the first stdout line is JSON with endpoints and credentials',
    )
    .option('--seed <n>', 'world seed', '1')
    .option('--scale <scale>', 'small (~200 VMs), medium (~10k) or large (~100k)', 'small')
    .option('--port <port>', 'loopback port, 0 picks a free one', '0')
    .option(
      '--faults <spec>',
      'fault injection, e.g. 429=0.1,5xx=0.05,latency=50ms,timeout=0.01,truncate=0.01,loop=0.01',
    )
    .option(
      '--forbidden-project <id>',
      'GCP project whose Compute calls always return 403 (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option('--configure', 'also add the simulated providers as sources of the --home workspace')
    .action(
      async (
        raw: {
          seed?: string;
          scale?: string;
          port?: string;
          faults?: string;
          forbiddenProject?: string[];
          configure?: boolean;
        },
        command: Command,
      ) => {
        const opts = parseSandboxOptions(raw);
        const started = Date.now();
        const sandbox = await startSandbox({
          seed: opts.seed,
          scale: opts.scale,
          port: opts.port,
          forbiddenProjects: opts.forbiddenProjects,
          ...(opts.faults ? { faults: opts.faults } : {}),
        });
        // One compact line: scripts read the first stdout line as JSON.
        const connection = sandboxConnection(sandbox);
        ctx.print(JSON.stringify(connection));
        if (raw.configure) {
          const home = ctx.resolveHome(command.optsWithGlobals());
          const { workspace } = await Workspace.init(home);
          const saved = configureSandboxSources(
            workspace,
            connection.providers as Record<string, Record<string, unknown>>,
          );
          workspace.close();
          ctx.note(
            `sandbox: configured ${saved.map((s) => s.id).join(', ')} in ${home}; collect with "hotpot run --home ${home}".`,
          );
        }
        const w = sandbox.world();
        ctx.note(
          `sandbox: ${w.scale} world (seed ${w.seed}, ${w.gcp.instances.length} GCP VMs, ${w.machines.length} machines) on ${sandbox.url} in ${Date.now() - started} ms; control API ${sandbox.url}/_sandbox/truth. Ctrl-C stops.`,
        );
        const signal = await untilSignal();
        ctx.note(`sandbox: ${signal} received, stopping.`);
        await sandbox.stop();
      },
    );
}
