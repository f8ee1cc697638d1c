/**
 * Programmatic entry point of the sandbox: generate a world, serve every provider plug-in and
 * the control API on one loopback port. Used by `hotpot sandbox`, `hotpot demo`, tests, benches.
 */
import { createFortinetProvider, type FortinetProviderOptions } from './providers/fortinet/index.ts';
import { createGcpProvider } from './providers/gcp/index.ts';
import { createS1Provider } from './providers/s1/index.ts';
import { createVngProvider } from './providers/vng/index.ts';
import { parseFaultSpec } from './server/faults.ts';
import { SandboxHarness } from './server/harness.ts';
import type { ProviderEndpoint, ProviderPlugin } from './server/types.ts';
import { generateWorld } from './world/generate.ts';
import { mutate } from './world/mutate.ts';
import type { Scale, World } from './world/types.ts';

export interface SandboxOptions {
  seed?: number;
  scale?: Scale;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fault spec, e.g. `429=0.1,5xx=0.05,latency=50ms,timeout=0.01,truncate=0.01,loop=0.01`. */
  faults?: string;
  /** GCP projects whose Compute calls always return 403. */
  forbiddenProjects?: readonly string[];
  /** FortiGate emulation: FortiOS generation (deviceApi) and benchmark load. */
  fortinet?: FortinetProviderOptions;
  /** Extra provider plug-ins (S1, VNG, FortiGate modules add themselves here). */
  plugins?: readonly ProviderPlugin[];
}

/** What the first stdout line of `hotpot sandbox` prints, and what `--configure` consumes. */
export interface SandboxEndpoints {
  control: string;
  seed: number;
  scale: Scale;
  providers: Record<string, ProviderEndpoint>;
}

export interface RunningSandbox {
  url: string;
  endpoints: SandboxEndpoints;
  harness: SandboxHarness;
  world(): World;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const seed = options.seed ?? 1;
  const scale = options.scale ?? 'small';
  const faults = parseFaultSpec(options.faults);
  const gcp = createGcpProvider({ forbiddenProjects: options.forbiddenProjects ?? [] });
  const fortinet = createFortinetProvider(options.fortinet);
  const plugins: ProviderPlugin[] = [
    gcp,
    createS1Provider(),
    createVngProvider(),
    fortinet,
    ...(options.plugins ?? []),
  ];
  const harness = new SandboxHarness({
    world: fortinet.prepareWorld(generateWorld(seed, scale)),
    plugins,
    faults,
    faultSeed: seed,
    mutate,
  });
  const url = await harness.listen(options.port ?? 0);
  // FortiGates are reached over HTTPS, one listener per appliance in front of the harness.
  await fortinet.start(url, harness.world());
  return {
    url,
    endpoints: sandboxEndpoints(url, seed, scale, plugins),
    harness,
    world: () => harness.world(),
    stop: async () => {
      await fortinet.stop();
      await harness.close();
    },
  };
}

export function sandboxEndpoints(
  url: string,
  seed: number,
  scale: Scale,
  plugins: readonly ProviderPlugin[],
): SandboxEndpoints {
  return {
    control: `${url}/_sandbox`,
    seed,
    scale,
    providers: Object.fromEntries(plugins.map((p) => [p.name, p.endpoint(url)])),
  };
}

export type {
  ProviderPlugin,
  ProviderRoute,
  ProviderEndpoint,
  SandboxRequest,
  SandboxResponse,
  SandboxState,
} from './server/types.ts';
export { parseFaultSpec, type FaultSpec } from './server/faults.ts';
