// Converters: any API item converts without throwing and keeps its identity; records the
// engine cannot store are skipped with a reason and counted, the rest of the page is kept.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FORTINET_DETECTED_DEVICES, FORTINET_POLICIES } from '../../../db/catalog/tables/fortinet.ts';
import type { SnapshotRecord } from '../../../db/history/types.ts';
import { openTestStore, type TestStore } from '../../../db/testing/stores.ts';
import { applyListing } from '../common/listing.ts';
import {
  convertAddress,
  convertAddressGroup,
  convertDetectedDevice,
  convertInterface,
  convertPolicy,
  convertService,
} from './convert.ts';
import { FORTINET_TEST_MIGRATIONS, fortinetTestCatalog } from './testing.ts';

const scope = { serial: 'FG100FTK22012345', vdom: 'root' };
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.record({ name: fc.string() })),
);
const anyItem = fc.dictionary(
  fc.constantFrom(
    'name',
    'policyid',
    'mac',
    'vdom',
    'srcaddr',
    'service',
    'member',
    'exclude-member',
    'icmptype',
    'mtu',
    'last_seen',
    'ip',
    'subnet',
  ),
  anyValue,
);

const stores: TestStore[] = [];
afterAll(async () => {
  for (const s of stores) await s.dispose();
});

describe('FortiGate converters', () => {
  it('convert any item without throwing', () => {
    fc.assert(
      fc.property(anyItem, (item) => {
        for (const convert of [
          convertInterface,
          convertAddress,
          convertAddressGroup,
          convertService,
          convertPolicy,
          convertDetectedDevice,
        ])
          expect(typeof convert(item, scope).row).toBe('object');
      }),
    );
  });

  it('keep the identity: serial, VDOM and the object key', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 0, max: 1_000_000 }), (name, id) => {
        expect(convertAddress({ name }, scope).row.resource_id).toBe(`${scope.serial}/root/${name}`);
        expect(convertInterface({ name }, scope).row.resource_id).toBe(`${scope.serial}/${name}`);
        const p = convertPolicy({ policyid: id, srcaddr: [{ name }] }, scope);
        expect(p.row.resource_id).toBe(`${scope.serial}/root/${id}`);
        expect(p.children?.fortinet_policy_members).toEqual([{ kind: 'srcaddr', name }]);
      }),
    );
    expect(
      convertDetectedDevice({ mac: 'AA:BB:CC:00:11:22', last_seen: 1736150111 }, scope).row,
    ).toMatchObject({
      resource_id: `${scope.serial}/root/aa:bb:cc:00:11:22`,
      last_seen: '2025-01-06T07:55:11.000Z',
    });
    expect(convertService({ name: 'HTTP', icmptype: '', 'protocol-number': 6 }, scope).row).toMatchObject({
      icmptype: null,
      protocol_number: 6,
    });
  });

  it('records without id or with wrong types are skipped with a reason and counted', async () => {
    const t = await openTestStore('duckdb', FORTINET_TEST_MIGRATIONS);
    stores.push(t);
    async function* page(records: SnapshotRecord[]): AsyncGenerator<SnapshotRecord> {
      yield* records;
    }
    const outcome = await applyListing(
      t.store,
      fortinetTestCatalog,
      FORTINET_POLICIES,
      { sourceId: 'fg', scope: `${scope.serial}/root`, collectedAt: '2025-01-06T09:00:00Z' },
      page([
        convertPolicy({ policyid: 1, name: 'ok', action: 'accept', service: [{ name: 'ALL' }] }, scope),
        convertPolicy({ policyid: 2, name: 'second', action: 'deny' }, scope),
        convertPolicy({ policyid: 'x', name: 'not an integer' }, scope),
      ]),
    );
    expect(outcome.result?.inserted).toBe(2);
    expect(outcome.result?.rejected).toHaveLength(1);
    expect(outcome.result?.rejected[0]?.reason).toMatch(/policyid/);

    const devices = await applyListing(
      t.store,
      fortinetTestCatalog,
      FORTINET_DETECTED_DEVICES,
      { sourceId: 'fg', scope: `${scope.serial}/root`, collectedAt: '2025-01-06T09:00:00Z' },
      page([
        convertDetectedDevice({ mac: '00:11:22:33:44:55', is_online: true }, scope),
        convertDetectedDevice({ hostname: 'no-mac' }, scope),
      ]),
    );
    expect(devices.result?.inserted).toBe(1);
    expect(devices.result?.rejected).toHaveLength(1);
    // A record without id makes the listing unsafe for deletions.
    expect(devices.result?.deletedMissing).toBe(false);
  });
});
