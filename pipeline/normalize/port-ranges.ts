// Protocol/port ranges as firewall rules state them, and first-match evaluation over them.

export interface PortRange {
  protocol: string;
  from: number;
  to: number;
}

const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '132': 'sctp' };
export const PORTED = new Set(['tcp', 'udp', 'sctp']);

export function protocolName(raw: unknown): string {
  const p = String(raw ?? 'all').toLowerCase();
  return PROTOCOL_NUMBERS[p] ?? (p === 'any' || p === '' ? 'all' : p);
}

/** GCP `ports` text ("22,80-81", empty = all) → ranges. */
export function parsePorts(protocol: string, ports: unknown): PortRange[] {
  const text = typeof ports === 'string' ? ports.trim() : '';
  if (text === '' || !PORTED.has(protocol)) return [{ protocol, from: 0, to: 65535 }];
  return text.split(',').flatMap((part) => {
    const [lo, hi] = part.trim().split('-').map(Number);
    if (lo === undefined || !Number.isFinite(lo)) return [];
    return [{ protocol, from: lo, to: hi !== undefined && Number.isFinite(hi) ? hi : lo }];
  });
}

export interface RankedRule<T> {
  priority: number;
  deny: boolean;
  ranges: readonly PortRange[];
  ref: T;
}

function covers(r: PortRange, protocol: string, port: number): boolean {
  return (r.protocol === 'all' || r.protocol === protocol) && port >= r.from && port <= r.to;
}

/**
 * The ranges that first-match evaluation allows, each with the rule that decided it. Rules are
 * evaluated by priority (lower first), deny before allow at equal priority. Evaluation runs per
 * elementary interval between the rules' range boundaries, so the cost is per boundary, not port.
 */
export function allowedRanges<T>(rules: readonly RankedRule<T>[]): { range: PortRange; rule: T }[] {
  const ordered = [...rules].sort((a, b) => a.priority - b.priority || Number(b.deny) - Number(a.deny));
  const protocols = new Set<string>();
  for (const r of ordered) for (const x of r.ranges) if (x.protocol !== 'all') protocols.add(x.protocol);
  for (const p of ['tcp', 'udp'])
    if (ordered.some((r) => r.ranges.some((x) => x.protocol === 'all'))) protocols.add(p);
  const out: { range: PortRange; rule: T }[] = [];
  for (const protocol of [...protocols].sort()) {
    const bounds = new Set<number>([0, 65536]);
    for (const r of ordered)
      for (const x of r.ranges)
        if (x.protocol === 'all' || x.protocol === protocol) {
          bounds.add(x.from);
          bounds.add(x.to + 1);
        }
    const points = [...bounds].filter((b) => b <= 65536).sort((a, b) => a - b);
    for (let i = 0; i < points.length - 1; i++) {
      const from = points[i] as number;
      const to = (points[i + 1] as number) - 1;
      const rule = ordered.find((r) => r.ranges.some((x) => covers(x, protocol, from)));
      if (!rule || rule.deny) continue;
      const last = out.at(-1);
      if (last && last.rule === rule.ref && last.range.protocol === protocol && last.range.to + 1 === from)
        last.range.to = to;
      else out.push({ range: { protocol, from, to }, rule: rule.ref });
    }
  }
  return out;
}
