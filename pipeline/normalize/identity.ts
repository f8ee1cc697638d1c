// Normalisation of identity values (MACs, hostnames) and the rules about which ones may serve as
// evidence. Virtual and shared interfaces carry the same MAC on many machines (docker0 is
// 02:42:ac:11:00:02 on every Docker host), so using them would merge unrelated machines.

/** Lower-case colon-separated MAC, or undefined when the text is not a 48-bit MAC. */
export function normalizeMac(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const hex = raw.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (hex.length !== 12) return undefined;
  return hex.match(/../g)?.join(':');
}

// OUIs of VPN and virtualisation adapters that present one MAC on every machine.
const SHARED_OUIS = new Set(['00:09:0f', '00:05:9a', '00:ff:', '0a:00:27', '00:15:5d', '00:1c:42']);
// Locally administered prefixes that are still per-machine: GCE derives 42:01:<ip>, OpenStack
// (VNG Cloud) hands out fa:16:3e:…; both are stable identities inside their cloud.
const TRUSTED_LOCAL_PREFIXES = ['42:01:', 'fa:16:3e:'];
const VIRTUAL_NAME =
  /^(docker|veth|br-|virbr|vmnet|vboxnet|lo$|loopback|tun|tap|utun|wg|zt|cni|flannel|cali|kube|vEthernet)|virtual|vpn|anyconnect|forticlient|miniport|hyper-v|tunnel/i;

/** Whether a MAC may identify a machine on its own (before counting how many machines share it). */
export function isIdentityMac(mac: string, interfaceName?: string | null): boolean {
  if (mac === '00:00:00:00:00:00' || mac === 'ff:ff:ff:ff:ff:ff') return false;
  if (mac.startsWith('02:42:')) return false; // Docker bridge and container MACs
  if (SHARED_OUIS.has(mac.slice(0, 8))) return false;
  if (interfaceName && VIRTUAL_NAME.test(interfaceName)) return false;
  const first = parseInt(mac.slice(0, 2), 16);
  if (first & 1) return false; // multicast
  if (first & 2 && !TRUSTED_LOCAL_PREFIXES.some((p) => mac.startsWith(p))) return false; // randomised / virtual
  return true;
}

/** GCE derives every NIC's MAC from its internal IPv4 address: 42:01:<ip bytes>. */
export function gceMacOf(ip: string | null | undefined): string | undefined {
  if (!ip) return undefined;
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return ['42', '01', ...parts.map((p) => p.toString(16).padStart(2, '0'))].join(':');
}

/** Short lower-case hostname: `Web-1.corp.example` → `web-1`; empty and placeholder names → undefined. */
export function shortHostname(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const short = raw.trim().toLowerCase().split('.')[0] ?? '';
  if (short === '' || short === 'localhost' || short === 'unknown' || /^\d+$/.test(short)) return undefined;
  return short;
}

/** Whether an IPv4 address is private (RFC 1918, CGNAT) and thus only meaningful inside one network. */
export function isPrivateIpv4(ip: string): boolean {
  const p = ip.split('.').map(Number);
  if (p.length !== 4) return false;
  const [a = 0, b = 0] = p;
  return (
    a === 10 ||
    (a === 172 && b >= 16 && b < 32) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b < 128)
  );
}
