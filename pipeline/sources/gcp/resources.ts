import {
  GCP_ADDRESSES,
  GCP_DISKS,
  GCP_FIREWALLS,
  GCP_INSTANCES,
  GCP_NETWORKS,
  GCP_SUBNETWORKS,
} from '../../../db/catalog/tables/gcp.ts';
import type { TableSpec } from '../../../db/catalog/types.ts';
import type { SnapshotRecord } from '../../../db/history/types.ts';
import type { GcpResourceKey } from './activity-refs.ts';
import type { GcpClient } from './client.ts';
import {
  addressRecord,
  diskRecord,
  firewallRecord,
  instanceRecord,
  networkRecord,
  subnetworkRecord,
} from './convert.ts';

export interface GcpResource {
  readonly table: TableSpec;
  /** The history scope of one listing: the project, or project/global for global addresses. */
  scopeOf(project: string): string;
  list(client: GcpClient, project: string): AsyncIterable<SnapshotRecord>;
}

const byProject = (project: string): string => project;

export const GCP_RESOURCES: Record<GcpResourceKey, GcpResource> = {
  instances: {
    table: GCP_INSTANCES,
    scopeOf: byProject,
    list: (c, p) => c.aggregated('instances', p, instanceRecord),
  },
  disks: {
    table: GCP_DISKS,
    scopeOf: byProject,
    list: (c, p) => c.aggregated('disks', p, diskRecord),
  },
  subnetworks: {
    table: GCP_SUBNETWORKS,
    scopeOf: byProject,
    list: (c, p) => c.aggregated('subnetworks', p, subnetworkRecord),
  },
  addresses: {
    table: GCP_ADDRESSES,
    scopeOf: byProject,
    list: (c, p) => c.aggregated('addresses', p, (a) => addressRecord(a, false)),
  },
  // Global addresses share the table but not the scope, so neither listing deletes the other's rows.
  globalAddresses: {
    table: GCP_ADDRESSES,
    scopeOf: (p) => `${p}/global`,
    list: (c, p) => c.global('globalAddresses', p, (a) => addressRecord(a, true)),
  },
  networks: {
    table: GCP_NETWORKS,
    scopeOf: byProject,
    list: (c, p) => c.global('networks', p, networkRecord),
  },
  firewalls: {
    table: GCP_FIREWALLS,
    scopeOf: byProject,
    list: (c, p) => c.global('firewalls', p, firewallRecord),
  },
};
