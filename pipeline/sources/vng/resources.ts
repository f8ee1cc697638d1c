// What a VNG source collects per scope (`<region>/<projectId>`): one table per listing, each with
// the generator of its snapshot records. Projects are listed per region by discovery instead.
import {
  VNG_ELASTIC_IPS,
  VNG_NETWORKS,
  VNG_SECGROUPS,
  VNG_SERVERS,
  VNG_SUBNETS,
  VNG_VOLUMES,
} from '../../../db/catalog/tables/vng.ts';
import type { TableSpec } from '../../../db/catalog/types.ts';
import type { SnapshotRecord } from '../../../db/history/types.ts';
import type { VngClient } from './client.ts';
import {
  convertElasticIp,
  convertNetwork,
  convertSecgroup,
  convertServer,
  convertSubnet,
  convertVolume,
} from './convert.ts';
import type { VngResourceKey } from './refs.ts';

export interface VngScopeRef {
  region: string;
  projectId: string;
}

export interface VngResource {
  key: VngResourceKey;
  table: TableSpec;
  list(client: VngClient, scope: VngScopeRef): AsyncIterable<SnapshotRecord>;
}

export function vngScopeName(region: string, projectId: string): string {
  return `${region}/${projectId}`;
}

async function* map<T>(
  items: AsyncIterable<T>,
  f: (item: T) => SnapshotRecord,
): AsyncGenerator<SnapshotRecord> {
  for await (const item of items) yield f(item);
}

export const VNG_RESOURCES: readonly VngResource[] = [
  {
    key: 'servers',
    table: VNG_SERVERS,
    list: (c, s) =>
      map(c.paged(s.region, s.projectId, 'servers'), (i) => convertServer(i, s.projectId, s.region)),
  },
  {
    key: 'volumes',
    table: VNG_VOLUMES,
    list: (c, s) => map(c.paged(s.region, s.projectId, 'volumes'), (i) => convertVolume(i, s.projectId)),
  },
  {
    key: 'networks',
    table: VNG_NETWORKS,
    list: (c, s) => map(c.paged(s.region, s.projectId, 'networks'), (i) => convertNetwork(i, s.projectId)),
  },
  {
    key: 'subnets',
    table: VNG_SUBNETS,
    // Subnets hang off each VPC: walk the networks, one bare-array call per network.
    async *list(c, s) {
      for await (const network of c.paged(s.region, s.projectId, 'networks')) {
        const networkId = typeof network.id === 'string' ? network.id : String(network.uuid ?? '');
        if (!networkId) continue;
        for (const subnet of await c.subnets(s.region, s.projectId, networkId))
          yield convertSubnet(subnet, s.projectId, networkId);
      }
    },
  },
  {
    key: 'secgroups',
    table: VNG_SECGROUPS,
    async *list(c, s) {
      for await (const group of c.paged(s.region, s.projectId, 'secgroups')) {
        const groupId = typeof group.id === 'string' ? group.id : String(group.uuid ?? '');
        const rules = groupId ? await c.secgroupRules(s.region, s.projectId, groupId) : [];
        yield convertSecgroup(group, rules, s.projectId);
      }
    },
  },
  {
    key: 'elastic_ips',
    table: VNG_ELASTIC_IPS,
    list: (c, s) => map(c.paged(s.region, s.projectId, 'wanIps'), (i) => convertElasticIp(i, s.projectId)),
  },
];

export function vngResource(key: VngResourceKey): VngResource {
  const r = VNG_RESOURCES.find((x) => x.key === key);
  if (!r) throw new Error(`unknown VNG resource "${key}"`);
  return r;
}
