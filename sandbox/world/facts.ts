/** What the machine itself knows: software, CVEs, EDR agent. Shared by every machine kind. */
import { AGENT_VERSION_CURRENT, AGENT_VERSION_OLD, SOFTWARE_BY_NAME, severityOf } from './catalog.ts';
import type { GenContext } from './context.ts';
import { DAY_MS, isoAt, s1Id, uuid } from './ids.ts';
import type { Agent, AgentState, Cve, InstalledSoftware, OsInfo } from './types.ts';

/** An agent whose lastActiveDate is older than this is stale (truth and generator agree). */
export const STALE_AFTER_DAYS = 7;

const BASE: Record<OsInfo['family'], readonly string[]> = {
  linux: ['OpenSSH', 'OpenSSL', 'sudo', 'Python', 'Google Cloud Ops Agent'],
  windows: ['7-Zip', 'Google Chrome'],
  macos: ['Google Chrome', 'Zoom'],
  other: [],
};

const BY_ROLE: Record<string, readonly string[]> = {
  web: ['nginx', 'Apache HTTP Server'],
  api: ['Apache Log4j'],
  db: ['PostgreSQL'],
  cache: ['Redis'],
  ci: ['Jenkins', 'Docker Engine'],
  worker: ['Docker Engine'],
  batch: ['Apache Log4j'],
  etl: ['Apache Log4j', 'Docker Engine'],
  wiki: ['Atlassian Confluence Server'],
  laptop: ['Mozilla Firefox', 'Zoom', 'WinRAR'],
};

/**
 * `vulnerable` is the chance that a package sits on its oldest (CVE-carrying) version; planting
 * code can pass `force` to pin specific vulnerable packages.
 */
export function softwareFor(
  ctx: GenContext,
  os: OsInfo,
  role: string,
  vulnerable: number,
  force: readonly string[] = [],
): InstalledSoftware[] {
  const names = new Set<string>(BASE[os.family]);
  const roleSoftware = BY_ROLE[role] ?? [];
  // Web servers run one of the two HTTP servers, not both.
  const candidates = role === 'web' ? [ctx.rng.pick(roleSoftware)] : roleSoftware;
  for (const n of candidates) {
    const entry = SOFTWARE_BY_NAME.get(n);
    if (entry && (entry.os === 'any' || entry.os === os.family)) names.add(n);
  }
  if (os.family === 'windows' && role === 'db') names.add('Microsoft SQL Server 2019');
  for (const f of force) names.add(f);
  const out: InstalledSoftware[] = [];
  for (const name of names) {
    const entry = SOFTWARE_BY_NAME.get(name);
    if (!entry) continue;
    const pinned = force.includes(name);
    const old = entry.versions.length > 1 && (pinned || ctx.rng.chance(vulnerable));
    const v = old ? entry.versions[entry.versions.length - 1] : entry.versions[0];
    if (v) out.push(installed(entry.name, entry.vendor, v.version));
  }
  return out;
}

// Machines share these records (large worlds hold ~1M installs); treat them as read-only.
const installedCache = new Map<string, InstalledSoftware>();
const cveCache = new Map<string, readonly Cve[]>();

function installed(name: string, vendor: string, version: string): InstalledSoftware {
  const key = `${name}|${version}`;
  let s = installedCache.get(key);
  if (!s) {
    s = Object.freeze({ name, vendor, version });
    installedCache.set(key, s);
  }
  return s;
}

export function cvesFor(software: readonly InstalledSoftware[]): Cve[] {
  const out: Cve[] = [];
  for (const s of software) {
    const key = `${s.name}|${s.version}`;
    let cves = cveCache.get(key);
    if (!cves) {
      const v = SOFTWARE_BY_NAME.get(s.name)?.versions.find((x) => x.version === s.version);
      cves = (v?.cves ?? []).map(([id, cvss]) =>
        Object.freeze({
          id,
          cvss,
          severity: severityOf(cvss),
          application: s.name,
          applicationVersion: s.version,
          vendor: s.vendor,
        }),
      );
      cveCache.set(key, cves);
    }
    out.push(...cves);
  }
  return out;
}

export const AGENT_STATE_WEIGHTS: readonly (readonly [AgentState, number])[] = [
  ['active', 0.78],
  ['stale', 0.07],
  ['outdated', 0.07],
  ['infected', 0.03],
  ['decommissioned', 0.05],
];

export function makeAgent(
  ctx: GenContext,
  nowMs: number,
  computerName: string,
  cloudIdentity: boolean,
  state?: AgentState,
): Agent {
  const { rng } = ctx;
  const s = state ?? rng.weighted(AGENT_STATE_WEIGHTS);
  const minutesAgo = rng.int(1, 240);
  let last = nowMs - minutesAgo * 60_000;
  if (s === 'stale') last = nowMs - rng.int(STALE_AFTER_DAYS + 3, 90) * DAY_MS;
  if (s === 'decommissioned') last = nowMs - rng.int(20, 200) * DAY_MS;
  const outdated = s === 'outdated';
  return {
    id: s1Id(rng, ctx.usedS1Ids),
    uuid: rng.hex(32),
    state: s,
    version: outdated ? AGENT_VERSION_OLD : AGENT_VERSION_CURRENT,
    isUpToDate: !outdated,
    lastActiveDate: isoAt(last),
    registeredAt: isoAt(last - rng.int(30, 700) * DAY_MS),
    cloudIdentity,
    computerName,
    activeThreats: s === 'infected' ? rng.int(1, 4) : 0,
  };
}

export function machineUuid(ctx: GenContext): string {
  return uuid(ctx.rng).toUpperCase();
}
