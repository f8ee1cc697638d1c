// What a FortiGate collection lists: per VDOM scope (`<serial>/<vdom>`), one listing per
// resource, each a table spec plus a function from client and scope to snapshot records. The
// appliance row (`fortinet_devices`, scope `<serial>`) is written by discovery.
import {
  FORTINET_ADDRESSES,
  FORTINET_ADDRESS_GROUPS,
  FORTINET_DETECTED_DEVICES,
  FORTINET_INTERFACES,
  FORTINET_POLICIES,
  FORTINET_SERVICES,
} from '../../../db/catalog/tables/fortinet.ts';
import type { TableSpec } from '../../../db/catalog/types.ts';
import type { SnapshotRecord } from '../../../db/history/types.ts';
import { FortinetApiError, type FortinetClient, type Json } from './client.ts';
import {
  convertAddress,
  convertAddressGroup,
  convertDetectedDevice,
  convertInterface,
  convertPolicy,
  convertService,
  type ItemScope,
} from './convert.ts';
import type { FortinetResourceName } from './resource-names.ts';

export interface FortinetScope extends ItemScope {
  /** Detected-device endpoint found by discovery; probed again when absent. */
  deviceApi?: string | null;
}

export interface FortinetResource {
  name: FortinetResourceName;
  table: TableSpec;
  list(
    client: FortinetClient,
    scope: FortinetScope,
    onPage?: (items: number) => void,
  ): AsyncIterable<SnapshotRecord>;
}

export function scopeOf(serial: string, vdom: string): string {
  return `${serial}/${vdom}`;
}

async function* paged(
  client: FortinetClient,
  path: string,
  scope: FortinetScope,
  convert: (item: Json, s: ItemScope) => SnapshotRecord,
  onPage: ((items: number) => void) | undefined,
  keep: (item: Json) => boolean = () => true,
): AsyncGenerator<SnapshotRecord> {
  for await (const page of client.pages(path, scope.vdom)) {
    for (const item of page.results)
      if (item && typeof item === 'object' && keep(item)) yield convert(item, scope);
    onPage?.(page.results.length);
  }
}

const cmdb = (
  name: FortinetResourceName,
  table: TableSpec,
  path: string,
  convert: (item: Json, s: ItemScope) => SnapshotRecord,
): FortinetResource => ({
  name,
  table,
  list: (client, scope, onPage) => paged(client, path, scope, convert, onPage),
});

export const FORTINET_RESOURCES: readonly FortinetResource[] = [
  {
    name: 'interfaces',
    table: FORTINET_INTERFACES,
    // Interfaces are global objects tagged with their VDOM; keep each under its own VDOM's scope
    // whether the appliance filters by `vdom` or not.
    list: (client, scope, onPage) =>
      paged(
        client,
        'cmdb/system/interface',
        scope,
        convertInterface,
        onPage,
        (i) => typeof i.vdom !== 'string' || i.vdom === scope.vdom,
      ),
  },
  cmdb('addresses', FORTINET_ADDRESSES, 'cmdb/firewall/address', convertAddress),
  cmdb('address_groups', FORTINET_ADDRESS_GROUPS, 'cmdb/firewall/addrgrp', convertAddressGroup),
  cmdb('services', FORTINET_SERVICES, 'cmdb/firewall.service/custom', convertService),
  cmdb('policies', FORTINET_POLICIES, 'cmdb/firewall/policy', convertPolicy),
  {
    name: 'detected_devices',
    table: FORTINET_DETECTED_DEVICES,
    async *list(client, scope, onPage) {
      const path = scope.deviceApi ?? (await client.probeDeviceApi(scope.vdom));
      // Without an endpoint the listing is unknown, not empty: fail it so nothing is deleted.
      if (!path)
        throw new FortinetApiError(
          `no detected-device endpoint answered in VDOM ${scope.vdom} (monitor/user/device/query, device/select and detected-device all 404)`,
          404,
        );
      yield* paged(client, path, scope, convertDetectedDevice, onPage);
    },
  },
];

export function fortinetResource(name: string): FortinetResource | undefined {
  return FORTINET_RESOURCES.find((r) => r.name === name);
}
