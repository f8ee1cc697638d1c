// The compact view of a bronze record that entity resolution works on: identity evidence only.
// Everything descriptive (OS, zone, agent state) is read again when asset rows are built.

export type RecordTable =
  | 'bronze.gcp_compute_instances'
  | 'bronze.vng_servers'
  | 'bronze.s1_agents'
  | 'bronze.fortinet_detected_devices';

/** Tables whose records are machines in their own right: two of them never share an asset. */
export const EXCLUSIVE_TABLES: ReadonlySet<RecordTable> = new Set([
  'bronze.gcp_compute_instances',
  'bronze.vng_servers',
  'bronze.s1_agents',
]);

/** Order in which a record anchors its asset (the strongest identity first). */
export const ANCHOR_ORDER: readonly RecordTable[] = [
  'bronze.gcp_compute_instances',
  'bronze.vng_servers',
  'bronze.s1_agents',
  'bronze.fortinet_detected_devices',
];

export interface ScopedIp {
  ip: string;
  /** Network scope the address is unique in, e.g. `gcp:<project>/<network>`. */
  scope: string;
}

export interface IdentityRecord {
  /** Dense index used by the union-find. */
  idx: number;
  table: RecordTable;
  sourceId: string;
  recordId: string;
  /** Cloud identity the record is (`gcp:<id>`, `vng:<id>`) or claims (an agent's cloudInstanceId). */
  cloudId?: string;
  /** Whether `cloudId` is the record's own id (a VM) rather than a claim (an agent). */
  ownsCloudId: boolean;
  serial?: string;
  macs: string[];
  ips: ScopedIp[];
  hostname?: string;
}

export function recordKey(r: Pick<IdentityRecord, 'table' | 'sourceId' | 'recordId'>): string {
  return `${r.table}|${r.sourceId}|${r.recordId}`;
}
