// Tests only. The silver tables filled straight from a sandbox world, so silver-based rules can be
// checked against the truth without depending on entity resolution.
import { Catalog } from '../../../db/catalog/catalog.ts';
import {
  SILVER_ASSETS,
  SILVER_ASSET_SOURCES,
  SILVER_EXPOSURES,
  SILVER_VULNERABILITIES,
} from '../../../db/catalog/tables/silver.ts';
import type { TableSpec } from '../../../db/catalog/types.ts';
import { ensureTableStatements } from '../../../db/ddl.ts';
import { applySnapshot, type SnapshotRecord } from '../../../db/history/index.ts';
import type { Store } from '../../../db/store/types.ts';
import { edrCoverage } from '../../../sandbox/world/findings.ts';
import type { Truth } from '../../../sandbox/world/truth.ts';
import type { Machine, World } from '../../../sandbox/world/types.ts';

// The real silver tables (issue 6); the fixture fills them straight from the world's truth so
// that the rules are checked independently of entity resolution.
export const FIXTURE_ASSETS = SILVER_ASSETS;
export const FIXTURE_ASSET_SOURCES = SILVER_ASSET_SOURCES;
export const FIXTURE_VULNERABILITIES = SILVER_VULNERABILITIES;
export const FIXTURE_EXPOSURES = SILVER_EXPOSURES;

export const FIXTURE_SILVER_TABLES: readonly TableSpec[] = [
  FIXTURE_ASSETS,
  FIXTURE_ASSET_SOURCES,
  FIXTURE_VULNERABILITIES,
  FIXTURE_EXPOSURES,
];

const KIND: Record<Machine['kind'], string> = {
  'gcp-vm': 'vm',
  'gke-node': 'k8s-node',
  'vng-server': 'vm',
  laptop: 'endpoint',
  desktop: 'endpoint',
  'fw-device': 'network-device',
};

function assetRecord(m: Machine, world: World, exposed: ReadonlySet<string>): SnapshotRecord {
  const gcp = m.gcpInstanceId ? world.gcp.instances.find((i) => i.id === m.gcpInstanceId) : undefined;
  const a = m.agent;
  const children: Record<string, Record<string, unknown>[]> = { asset_sources: [] };
  if (gcp)
    children.asset_sources?.push({
      source_table: 'bronze.gcp_compute_instances',
      record_source_id: 'gcp',
      record_id: gcp.id,
      rule: 'seed',
      matched_value: gcp.id,
      confidence: 1,
    });
  if (a)
    children.asset_sources?.push({
      source_table: 'bronze.s1_agents',
      record_source_id: 's1',
      record_id: a.id,
      rule: 'cloud_instance_id',
      matched_value: a.id,
      confidence: 1,
    });
  return {
    row: {
      resource_id: m.id,
      kind: KIND[m.kind],
      hostname: m.hostname,
      os_family: m.os.family,
      os_name: m.os.name,
      os_version: m.os.version,
      cloud_provider: gcp ? 'gcp' : m.vng ? 'vng' : null,
      cloud_project: gcp?.project ?? m.vng?.projectId ?? null,
      cloud_zone: gcp?.zone ?? null,
      cloud_instance_id: gcp?.id ?? m.vng?.id ?? null,
      cloud_status: gcp?.status ?? m.vng?.status ?? null,
      in_cloud: Boolean(gcp ?? m.vng),
      edr: edrCoverage(m),
      edr_agent_id: a?.id ?? null,
      edr_last_seen: a?.lastActiveDate ?? null,
      edr_agent_version: a?.version ?? null,
      edr_up_to_date: a ? a.isUpToDate : null,
      edr_decommissioned: a ? a.state === 'decommissioned' : null,
      seen_by_firewall: Boolean(m.fortigate),
      internet_exposed: exposed.has(m.id),
    },
    children,
  };
}

/** Creates the fixture silver tables and fills them from the world and its truth. */
export async function writeSilverFixture(
  store: Store,
  world: World,
  truth: Truth,
  at: Date,
): Promise<Catalog> {
  const catalog = new Catalog(FIXTURE_SILVER_TABLES);
  for (const t of FIXTURE_SILVER_TABLES)
    for (const s of ensureTableStatements(t, store.dialect)) await store.execute(s);
  const scope = { sourceId: 'hotpot', scope: 'all', collectedAt: at, complete: true };
  const exposed = new Set(truth.exposures.map((e) => e.machine));
  await applySnapshot(
    store,
    catalog,
    FIXTURE_ASSETS,
    scope,
    world.machines.map((m) => assetRecord(m, world, exposed)),
  );
  const vulns = new Map<string, SnapshotRecord>();
  for (const m of world.machines)
    for (const v of m.cves) {
      const id = `${m.id}/${v.id}/${v.application}`;
      vulns.set(id, {
        row: {
          resource_id: id,
          asset_id: m.id,
          cve_id: v.id,
          cvss: v.cvss,
          severity: v.severity.toLowerCase(),
          software: v.application,
          software_version: v.applicationVersion,
          status: 'open',
        },
      });
    }
  await applySnapshot(store, catalog, FIXTURE_VULNERABILITIES, scope, vulns.values());
  const exposures = new Map<string, SnapshotRecord>();
  for (const e of truth.exposures) {
    const id = `${e.machine}/${e.natIP}/tcp/${e.port}-${e.port}/${e.firewall}`;
    exposures.set(id, {
      row: {
        resource_id: id,
        asset_id: e.machine,
        address: e.natIP,
        protocol: 'tcp',
        port_from: e.port,
        port_to: e.port,
        rule_kind: 'gcp_firewall',
        rule_ref: e.firewall,
        source_ranges_json: ['0.0.0.0/0'],
        internet_reachable: true,
      },
    });
  }
  await applySnapshot(store, catalog, FIXTURE_EXPOSURES, scope, exposures.values());
  return catalog;
}
