import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiItem } from './client.ts';
import {
  convertElasticIp,
  convertNetwork,
  convertProject,
  convertSecgroup,
  convertServer,
  convertSubnet,
  convertVolume,
} from './convert.ts';

const anyItem = fc.dictionary(fc.string(), fc.jsonValue()) as fc.Arbitrary<ApiItem>;
const withKeys = (keys: readonly string[]): fc.Arbitrary<ApiItem> =>
  fc.record(
    Object.fromEntries(
      keys.map((k) => [k, fc.oneof(fc.jsonValue(), fc.array(fc.dictionary(fc.string(), fc.jsonValue())))]),
    ),
    {
      requiredKeys: [],
    },
  ) as fc.Arbitrary<ApiItem>;

const macArb = fc
  .array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 })
  .map((b) => b.map((x) => x.toString(16).padStart(2, '0')).join(':'));

const serverKeys = [
  'uuid',
  'name',
  'status',
  'image',
  'flavor',
  'secGroups',
  'internalInterfaces',
  'externalInterfaces',
  'serverGroupId',
  'zone',
];

describe('VNG converters', () => {
  it('never throw on any API item, and keep a string id as resource_id', () => {
    fc.assert(
      fc.property(fc.oneof(anyItem, withKeys(serverKeys)), fc.uuid(), (item, uuid) => {
        const all = [
          convertProject(item, 'hcm-3'),
          convertServer(item, 'p', 'hcm-3'),
          convertVolume(item, 'p'),
          convertNetwork(item, 'p'),
          convertSubnet(item, 'p', 'net-1'),
          convertSecgroup(item, [item], 'p'),
          convertElasticIp(item, 'p'),
        ];
        for (const r of all) expect(r.row).toBeTypeOf('object');
        expect(convertServer({ ...item, uuid }, 'p', 'hcm-3').row.resource_id).toBe(uuid);
        expect(convertNetwork({ ...item, id: uuid }, 'p').row.resource_id).toBe(uuid);
        expect(convertSecgroup({ ...item, id: uuid }, [], 'p').row.resource_id).toBe(uuid);
        expect(convertProject({ ...item, projectId: uuid }, 'han-1').row.resource_id).toBe(uuid);
      }),
    );
  });

  it('give every interface a unique-looking id and keep MACs lower case', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ mac: macArb, fixedIp: fc.ipV4() }), { maxLength: 4 }), (nics) => {
        const r = convertServer(
          { uuid: 's', internalInterfaces: nics.map((n) => ({ ...n, mac: n.mac.toUpperCase() })) },
          'p',
          'hcm-3',
        );
        const rows = r.children?.vng_server_interfaces ?? [];
        expect(rows.map((x) => x.interface_id)).toEqual(nics.map((_, i) => `internal-${i}`));
        expect(rows.map((x) => x.mac)).toEqual(nics.map((n) => n.mac.toLowerCase()));
      }),
    );
  });
});
