// Test and benchmark helpers: fill a sandbox workspace's bronze with every provider, fetch the
// world's truth, and compare silver with it.
import type { RunningSandbox } from '../../../sandbox/index.ts';
import type { SqlSession } from '../../../db/store/types.ts';
import { fortinetInventoryWorkflow } from '../../sources/fortinet/workflows.ts';
import { gcpInventoryWorkflow } from '../../sources/gcp/workflows.ts';
import { s1InventoryWorkflow } from '../../sources/s1/workflows.ts';
import type { SandboxWorkspace } from '../../sources/testing/sandbox-workspace.ts';
import { vngInventoryWorkflow } from '../../sources/vng/workflows.ts';
import type { MachineRecords } from './score.ts';

export const ALL_PROVIDERS = ['gcp', 's1', 'vng', 'fortinet'] as const;

/**
 * The sandbox answers as fast as we ask; the default S1 limit (10 requests/s, one applications
 * call per agent) would make a medium world take half an hour to collect.
 */
export function unthrottleS1(ws: SandboxWorkspace): void {
  const sources = ws.runtime.workspace.sources;
  const s1 = sources.require('sandbox-s1');
  sources.save({
    id: s1.id,
    provider: s1.provider,
    name: s1.name,
    config: { ...s1.config, rateLimit: { ratePerSecond: 5000, burst: 5000 }, applicationConcurrency: 16 },
  });
}

/** Runs every provider's inventory workflow on the real local engine; throws if one fails. */
export async function ingestAll(ws: SandboxWorkspace): Promise<void> {
  const runs = [
    [gcpInventoryWorkflow, 'sandbox-gcp'],
    [s1InventoryWorkflow, 'sandbox-s1'],
    [vngInventoryWorkflow, 'sandbox-vng'],
    [fortinetInventoryWorkflow, 'sandbox-fortinet'],
  ] as const;
  const outcomes = await Promise.all(runs.map(([wf, sourceId]) => ws.run(wf, { sourceId })));
  outcomes.forEach((o, i) => {
    if (o.status !== 'completed') throw new Error(`${runs[i]?.[1]} ingest ${o.status}: ${JSON.stringify(o)}`);
  });
}

export interface WorldTruth {
  machines: Record<string, MachineRecords & { kind: string; edr: string }>;
  findings: Record<string, { type: string; id: string; machine?: string }[]>;
  traps: Record<string, { key: string; members: string[] }[]>;
  exposures: { instanceId: string; machine: string; natIP: string; protocol: string; port: number }[];
}

export async function fetchTruth(sb: RunningSandbox): Promise<WorldTruth> {
  const res = await fetch(`${sb.url}/_sandbox/truth?sections=machines,findings,traps,exposures`);
  return (await res.json()) as WorldTruth;
}

/** Cloud VMs (GCP instance or VNG server ids) that silver says have no EDR, vs the planted set. */
export async function edrNoneDifference(
  db: SqlSession,
  truth: WorldTruth,
): Promise<{ planted: number; found: number; missing: string[]; extra: string[] }> {
  const planted = new Set((truth.findings['edr.cloud_vm_without_agent'] ?? []).map((f) => f.id));
  const rows = await db.query(`SELECT cloud_instance_id FROM silver.assets WHERE in_cloud AND edr = 'none'`);
  const found = new Set(rows.map((r) => String(r.cloud_instance_id)));
  return {
    planted: planted.size,
    found: found.size,
    missing: [...planted].filter((x) => !found.has(x)),
    extra: [...found].filter((x) => !planted.has(x)),
  };
}

export const PROBE_PORTS: readonly number[] = [22, 80, 443, 1433, 3306, 3389, 5432, 6379, 8080, 9200, 27017];

/** Planted internet-reachable GCP ports missing from silver, and probe ports silver opens wrongly. */
export async function exposureDifference(
  db: SqlSession,
  truth: WorldTruth,
): Promise<{ planted: number; missing: string[]; blocked: string[] }> {
  const rows = await db.query(
    `SELECT a.cloud_instance_id, e.address, e.protocol, e.port_from, e.port_to
       FROM silver.exposures e JOIN silver.assets a ON a.resource_id = e.asset_id
      WHERE e.internet_reachable AND a.cloud_provider = 'gcp'`,
  );
  const byTarget = new Map<string, { protocol: string; from: number; to: number }[]>();
  for (const r of rows) {
    const k = `${String(r.cloud_instance_id)}|${String(r.address)}`;
    const list = byTarget.get(k) ?? [];
    list.push({ protocol: String(r.protocol), from: Number(r.port_from), to: Number(r.port_to) });
    byTarget.set(k, list);
  }
  const open = (k: string, port: number): boolean =>
    (byTarget.get(k) ?? []).some(
      (x) => (x.protocol === 'tcp' || x.protocol === 'all') && x.from <= port && port <= x.to,
    );
  const planted = new Set(truth.exposures.map((e) => `${e.instanceId}|${e.natIP}|${e.port}`));
  const missing = truth.exposures
    .filter((e) => !open(`${e.instanceId}|${e.natIP}`, e.port))
    .map((e) => `${e.instanceId} ${e.natIP}:${e.port}`);
  const blocked: string[] = [];
  for (const k of byTarget.keys())
    for (const port of PROBE_PORTS)
      if (open(k, port) && !planted.has(`${k}|${port}`)) blocked.push(`${k}:${port}`);
  return { planted: planted.size, missing, blocked };
}

/** record key → asset id, from silver.asset_sources. */
export async function assetAssignments(db: SqlSession): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const r of await db.query(
    'SELECT resource_id, source_table, record_source_id, record_id FROM silver.asset_sources',
  ))
    out.set(
      `${String(r.source_table)}|${String(r.record_source_id)}|${String(r.record_id)}`,
      String(r.resource_id),
    );
  return out;
}
