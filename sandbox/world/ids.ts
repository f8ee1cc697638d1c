/** Identifier and address helpers shared by the generator and mutate. */
import type { Rng } from './prng.ts';

const TWO32 = 4294967296n;

/**
 * An unsigned 64-bit id rendered as decimal text, as the Compute API does. Half of them exceed
 * 2^63 so that consumers who parse ids as signed integers or doubles break visibly.
 */
export function uint64Id(rng: Rng, used: Set<string>): string {
  for (;;) {
    const hi = rng.uint32();
    const lo = rng.uint32();
    const id = (BigInt(hi) * TWO32 + BigInt(lo)).toString();
    // Ids below 10^15 look odd next to real ones; re-roll them together with collisions.
    if (id.length >= 16 && !used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

/** S1 agent ids are 18-19 digit decimal strings below 2^63. */
export function s1Id(rng: Rng, used: Set<string>): string {
  for (;;) {
    const hi = rng.uint32() & 0x1fffffff;
    const id = (BigInt(hi | 0x10000000) * TWO32 + BigInt(rng.uint32())).toString();
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

export function uuid(rng: Rng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function macFromBytes(bytes: readonly number[]): string {
  return bytes.map((b) => (b & 0xff).toString(16).padStart(2, '0')).join(':');
}

/** GCE derives a NIC's MAC from its internal IP: 42:01:<ip bytes>. */
export function gceMac(ip: string): string {
  return macFromBytes([0x42, 0x01, ...ip.split('.').map(Number)]);
}

/** A random unicast MAC under a realistic vendor prefix. */
export function vendorMac(rng: Rng, oui: readonly [number, number, number]): string {
  return macFromBytes([...oui, rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)]);
}

export const OUIS = {
  dell: [0x18, 0x66, 0xda],
  lenovo: [0x54, 0xe1, 0xad],
  apple: [0xa4, 0x83, 0xe7],
  intel: [0x3c, 0x58, 0xc2],
  hp: [0x3c, 0xd9, 0x2b],
  vmware: [0x00, 0x50, 0x56],
  openstack: [0xfa, 0x16, 0x3e],
} as const satisfies Record<string, readonly [number, number, number]>;

export function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  return (((p[0] ?? 0) << 24) | ((p[1] ?? 0) << 16) | ((p[2] ?? 0) << 8) | (p[3] ?? 0)) >>> 0;
}

export function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The n-th usable host of a CIDR (GCP reserves .0/.1 and the last two addresses). */
export function hostInCidr(cidr: string, n: number): string {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  if (n + 2 >= size - 2) throw new Error(`subnet ${cidr} is full`);
  return intToIp(ipToInt(base ?? '0.0.0.0') + 2 + n);
}

export function cidrCapacity(cidr: string): number {
  return 2 ** (32 - Number(cidr.split('/')[1])) - 4;
}

/** Public addresses from documentation-free but clearly simulated Google-like ranges. */
export function publicIp(rng: Rng, used: Set<string>): string {
  const firsts = [34, 35, 104, 130, 146] as const;
  for (;;) {
    const ip = `${rng.pick(firsts)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    if (!used.has(ip)) {
      used.add(ip);
      return ip;
    }
  }
}

/** A fixed point in simulated time; collections move forward one day per generation. */
export const EPOCH_MS = Date.UTC(2025, 0, 6, 8, 0, 0);
export const DAY_MS = 86_400_000;

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** GCE creationTimestamp style: RFC 3339 with milliseconds and a -07:00 offset. */
const gceTimestampCache = new Map<number, string>();

export function gceTimestamp(ms: number): string {
  let text = gceTimestampCache.get(ms);
  if (text === undefined) {
    text = new Date(ms - 7 * 3_600_000).toISOString().replace('Z', '-07:00');
    // Generated timestamps fall on a few thousand distinct instants; the cache stays small.
    if (gceTimestampCache.size < 100_000) gceTimestampCache.set(ms, text);
  }
  return text;
}
