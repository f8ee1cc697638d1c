// FortiGate address and service objects as ranges: enough of FortiOS semantics to say whether a
// policy's destination covers an address and which ports its services open.
import type { PortRange } from './port-ranges.ts';

export function ipToInt(ip: string): number | undefined {
  const p = ip.trim().split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return undefined;
  return (
    (((p[0] as number) << 24) | ((p[1] as number) << 16) | ((p[2] as number) << 8) | (p[3] as number)) >>> 0
  );
}

export interface IpInterval {
  from: number;
  to: number;
}

/** An address object as intervals; `any` for the 0.0.0.0/0 object, [] for kinds we cannot place (fqdn, geo). */
export function addressIntervals(row: Record<string, unknown>): IpInterval[] | 'any' {
  const type = String(row.type ?? 'ipmask');
  if (type === 'ipmask') {
    const [ip, mask] = String(row.subnet ?? '').split(/\s+/);
    const base = ip ? ipToInt(ip) : undefined;
    const m = mask ? ipToInt(mask) : undefined;
    if (base === undefined || m === undefined) return [];
    if (m === 0) return 'any';
    const from = (base & m) >>> 0;
    return [{ from, to: (from | (~m >>> 0)) >>> 0 }];
  }
  if (type === 'iprange') {
    const from = ipToInt(String(row.start_ip ?? ''));
    const to = ipToInt(String(row.end_ip ?? ''));
    return from !== undefined && to !== undefined && from !== 0 ? [{ from, to }] : [];
  }
  return [];
}

/** FortiOS service port ranges: "443 8443-8444:1024-65535" (destination[:source]), space-separated. */
export function serviceRanges(row: Record<string, unknown>): PortRange[] {
  const protocol = String(row.protocol ?? '');
  if (protocol === 'IP' && Number(row.protocol_number ?? 0) === 0)
    return [{ protocol: 'all', from: 0, to: 65535 }];
  const out: PortRange[] = [];
  for (const [proto, column] of [
    ['tcp', 'tcp_portrange'],
    ['udp', 'udp_portrange'],
    ['sctp', 'sctp_portrange'],
  ] as const) {
    const text = typeof row[column] === 'string' ? (row[column] as string).trim() : '';
    if (text === '') continue;
    for (const part of text.split(/\s+/)) {
      const [dst] = part.split(':');
      const [lo, hi] = (dst ?? '').split('-').map(Number);
      if (lo !== undefined && Number.isFinite(lo))
        out.push({ protocol: proto, from: lo, to: hi !== undefined && Number.isFinite(hi) ? hi : lo });
    }
  }
  if (protocol === 'ICMP') out.push({ protocol: 'icmp', from: 0, to: 65535 });
  return out;
}
