import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { catalog } from '../../db/catalog/index.ts';
import { applySnapshot, type SnapshotRecord } from '../../db/history/index.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { openTestStore, type TestStore } from '../../db/testing/stores.ts';
import { normalizeSilver } from './normalize.ts';

const SCOPE = 'FG1/root';
const at = new Date('2025-01-06T08:00:00Z');

async function put(ts: TestStore, table: string, records: SnapshotRecord[]): Promise<void> {
  await applySnapshot(
    ts.store,
    catalog,
    catalog.get(`bronze.${table}`),
    { sourceId: 'fgt', scope: SCOPE, collectedAt: at, complete: true },
    records,
  );
}

const policy = (id: number, status: string, srcintf: string): SnapshotRecord => ({
  row: {
    resource_id: `${SCOPE}/${id}`,
    policyid: id,
    vdom: 'root',
    action: 'accept',
    status,
    name: `p${id}`,
  },
  children: {
    fortinet_policy_members: [
      { kind: 'srcintf', name: srcintf },
      { kind: 'dstintf', name: 'port1' },
      { kind: 'srcaddr', name: 'all' },
      { kind: 'dstaddr', name: 'web-group' },
      { kind: 'service', name: 'HTTPS' },
    ],
  },
});

describe('FortiGate policy exposure', () => {
  let ts: TestStore;
  beforeAll(async () => {
    ts = await openTestStore('duckdb', MIGRATIONS);
    await put(ts, 'fortinet_interfaces', [
      { row: { resource_id: `${SCOPE}/wan1`, name: 'wan1', vdom: 'root', role: 'wan' } },
      { row: { resource_id: `${SCOPE}/port1`, name: 'port1', vdom: 'root', role: 'lan' } },
    ]);
    await put(ts, 'fortinet_addresses', [
      {
        row: {
          resource_id: `${SCOPE}/all`,
          name: 'all',
          vdom: 'root',
          type: 'ipmask',
          subnet: '0.0.0.0 0.0.0.0',
        },
      },
      {
        row: {
          resource_id: `${SCOPE}/web`,
          name: 'web',
          vdom: 'root',
          type: 'ipmask',
          subnet: '192.168.1.10 255.255.255.255',
        },
      },
    ]);
    await put(ts, 'fortinet_address_groups', [
      {
        row: { resource_id: `${SCOPE}/web-group`, name: 'web-group', vdom: 'root' },
        children: { fortinet_address_group_members: [{ kind: 'member', name: 'web' }] },
      },
    ]);
    await put(ts, 'fortinet_services', [
      {
        row: {
          resource_id: `${SCOPE}/HTTPS`,
          name: 'HTTPS',
          vdom: 'root',
          protocol: 'TCP/UDP/SCTP',
          tcp_portrange: '443',
        },
      },
    ]);
    await put(ts, 'fortinet_policies', [
      policy(1, 'enable', 'wan1'),
      policy(2, 'disable', 'wan1'),
      policy(3, 'enable', 'port1'),
    ]);
    await put(ts, 'fortinet_detected_devices', [
      {
        row: {
          resource_id: `${SCOPE}/3c:58:c2:00:00:01`,
          mac: '3c:58:c2:00:00:01',
          vdom: 'root',
          ipv4_address: '192.168.1.10',
        },
      },
      {
        row: {
          resource_id: `${SCOPE}/3c:58:c2:00:00:02`,
          mac: '3c:58:c2:00:00:02',
          vdom: 'root',
          ipv4_address: '192.168.1.11',
        },
      },
    ]);
    await normalizeSilver(ts.store, catalog);
  });
  afterAll(async () => ts?.dispose());

  test('an enabled accept policy from a WAN interface exposes the named address on its services', async () => {
    const rows = await ts.store.query(
      `SELECT e.address, e.protocol, e.port_from, e.port_to, e.rule_ref, e.internet_reachable, a.seen_by_firewall, a.internet_exposed
         FROM silver.exposures e JOIN silver.assets a ON a.resource_id = e.asset_id`,
    );
    expect(rows).toEqual([
      {
        address: '192.168.1.10',
        protocol: 'tcp',
        port_from: 443,
        port_to: 443,
        rule_ref: `${SCOPE}/1`,
        internet_reachable: true,
        seen_by_firewall: true,
        internet_exposed: true,
      },
    ]);
  });
});
