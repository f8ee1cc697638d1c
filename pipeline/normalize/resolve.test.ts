import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { assignAssetIds } from './asset-ids.ts';
import type { IdentityRecord, RecordTable } from './records.ts';
import { resolve } from './resolve.ts';

let n = 0;
function rec(table: RecordTable, recordId: string, extra: Partial<IdentityRecord> = {}): IdentityRecord {
  return { idx: n++, table, sourceId: 's', recordId, ownsCloudId: false, macs: [], ips: [], ...extra };
}
function reindex(records: IdentityRecord[]): IdentityRecord[] {
  return records.map((r, idx) => ({ ...r, idx }));
}
const together = (records: IdentityRecord[], a: string, b: string): boolean =>
  resolve(records).clusters.some((c) => {
    const ids = c.map((i) => records[i]?.recordId);
    return ids.includes(a) && ids.includes(b);
  });

const GCP = 'bronze.gcp_compute_instances';
const VNG = 'bronze.vng_servers';
const S1 = 'bronze.s1_agents';
const FGT = 'bronze.fortinet_detected_devices';

describe('entity resolution', () => {
  test('an agent joins the VM whose instance id it reports, even with a shared hostname', () => {
    const records = reindex([
      rec(GCP, 'vm1', { cloudId: 'gcp:1', ownsCloudId: true, hostname: 'bastion' }),
      rec(GCP, 'vm2', { cloudId: 'gcp:2', ownsCloudId: true, hostname: 'bastion' }),
      rec(S1, 'ag1', { cloudId: 'gcp:2', hostname: 'bastion' }),
    ]);
    expect(together(records, 'vm2', 'ag1')).toBe(true);
    expect(together(records, 'vm1', 'ag1')).toBe(false);
  });

  test('a MAC on two agents is shared, never evidence', () => {
    const records = reindex([
      rec(S1, 'a', { macs: ['a0:ce:c8:0d:0c:01'] }),
      rec(S1, 'b', { macs: ['a0:ce:c8:0d:0c:01'] }),
      rec(FGT, 'f', { macs: ['a0:ce:c8:0d:0c:01'] }),
    ]);
    expect(resolve(records).clusters).toHaveLength(3);
  });

  test('equal private IPs in different VPCs stay apart; one-to-one in one VPC joins', () => {
    const records = reindex([
      rec(GCP, 'vm1', {
        cloudId: 'gcp:1',
        ownsCloudId: true,
        ips: [{ ip: '10.0.0.2', scope: 'gcp:p1/vpc-a' }],
      }),
      rec(VNG, 'v1', { cloudId: 'vng:1', ownsCloudId: true, ips: [{ ip: '10.0.0.2', scope: 'vng:n1' }] }),
      rec(S1, 'ag', { ips: [{ ip: '10.0.0.2', scope: 'vng:n1' }] }),
    ]);
    expect(together(records, 'vm1', 'v1')).toBe(false);
    expect(together(records, 'v1', 'ag')).toBe(true);
  });

  test('cloned hostnames do not merge; unique hostnames do', () => {
    const records = reindex([
      rec(GCP, 'vm1', { cloudId: 'gcp:1', ownsCloudId: true, hostname: 'clone' }),
      rec(GCP, 'vm2', { cloudId: 'gcp:2', ownsCloudId: true, hostname: 'clone' }),
      rec(S1, 'ag1', { hostname: 'clone' }),
      rec(GCP, 'vm3', { cloudId: 'gcp:3', ownsCloudId: true, hostname: 'batch-noid' }),
      rec(S1, 'ag3', { hostname: 'batch-noid' }),
    ]);
    expect(together(records, 'vm1', 'ag1') || together(records, 'vm2', 'ag1')).toBe(false);
    expect(together(records, 'vm3', 'ag3')).toBe(true);
  });

  test('property: records with different cloud identities never share an asset', () => {
    const arb = fc.array(
      fc.record({
        table: fc.constantFrom<RecordTable>(GCP, S1, VNG, FGT),
        cloud: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        mac: fc.option(fc.constantFrom('aa:00:00:00:00:01', 'aa:00:00:00:00:02'), { nil: undefined }),
        host: fc.option(fc.constantFrom('h1', 'h2', 'h3'), { nil: undefined }),
      }),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(arb, (specs) => {
        const records = specs.map((s, idx) => ({
          idx,
          table: s.table,
          sourceId: 's',
          recordId: `r${idx}`,
          ownsCloudId: s.table === GCP || s.table === VNG,
          ...(s.table === GCP || s.table === VNG
            ? { cloudId: `${s.table === GCP ? 'gcp' : 'vng'}:${idx}` }
            : s.table === S1 && s.cloud
              ? { cloudId: `gcp:${s.cloud}` }
              : {}),
          macs: s.mac ? [s.mac] : [],
          ips: [],
          ...(s.host ? { hostname: s.host } : {}),
        })) as IdentityRecord[];
        for (const cluster of resolve(records).clusters) {
          const clouds = new Set(cluster.map((i) => records[i]?.cloudId).filter((c) => c !== undefined));
          expect(clouds.size).toBeLessThanOrEqual(1);
          const owners = cluster.filter((i) => records[i]?.ownsCloudId);
          expect(owners.length).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('asset ids', () => {
  test('derived from the anchor, and kept from the previous run when records still resolve together', () => {
    const vm = rec(GCP, 'vm1', { cloudId: 'gcp:1', ownsCloudId: true });
    const ag = rec(S1, 'ag1');
    const [fresh] = assignAssetIds([[vm, ag]], new Map());
    const [again] = assignAssetIds([[ag, vm]], new Map());
    expect(fresh).toBe(again);
    expect(fresh).toMatch(/^a-[0-9a-f]{20}$/);
    const previous = new Map([[`${S1}|s|ag1`, 'a-previous']]);
    expect(assignAssetIds([[vm, ag]], previous)).toEqual(['a-previous']);
    // A previous id goes to one cluster only.
    expect(
      new Set(
        assignAssetIds(
          [[vm], [ag]],
          new Map([
            [`${GCP}|s|vm1`, 'x'],
            [`${S1}|s|ag1`, 'x'],
          ]),
        ),
      ).size,
    ).toBe(2);
  });
});

describe('MAC collisions', () => {
  test('a FortiGate device and an agent sharing a MAC but naming different hosts stay apart', () => {
    const records = reindex([
      rec(S1, 'ag', { macs: ['3c:58:c2:90:0c:56'], hostname: 'lt-alex-2099' }),
      rec(FGT, 'f1', { macs: ['3c:58:c2:90:0c:56'], hostname: 'lt-kim-1702' }),
      rec(S1, 'ag2', { macs: ['3c:58:c2:00:00:01'], hostname: 'lt-an-1' }),
      rec(FGT, 'f2', { macs: ['3c:58:c2:00:00:01'], hostname: 'lt-an-1' }),
    ]);
    expect(together(records, 'ag', 'f1')).toBe(false);
    expect(together(records, 'ag2', 'f2')).toBe(true);
  });
});
