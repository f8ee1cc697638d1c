// EDR coverage of one machine from its SentinelOne agents.
import type { Row } from '../../db/store/types.ts';

export type EdrState = 'none' | 'active' | 'stale' | 'infected';

export interface EdrCoverage {
  edr: EdrState;
  agent?: Row;
  decommissioned: boolean;
}

const DAY_MS = 86_400_000;
const time = (v: unknown): number => (typeof v === 'string' ? Date.parse(v) : Number.NaN);

/**
 * Decommissioned or uninstalled agents do not protect anything: a machine with only those has
 * `none`. Of the live ones the most recently active decides; `stale` means it has not reported for
 * more than `staleAfterDays` before `referenceMs` (the console's own clock, see normalize.ts).
 */
export function edrCoverage(
  agents: readonly Row[],
  referenceMs: number,
  staleAfterDays: number,
): EdrCoverage {
  const live = agents.filter((a) => a.is_decommissioned !== true && a.is_uninstalled !== true);
  if (live.length === 0) return { edr: 'none', decommissioned: agents.length > 0 };
  const agent = [...live].sort(
    (a, b) => (time(b.last_active_date) || 0) - (time(a.last_active_date) || 0),
  )[0] as Row;
  const infected = live.some((a) => a.infected === true || Number(a.active_threats ?? 0) > 0);
  const last = time(agent.last_active_date);
  const stale = !Number.isFinite(last) || referenceMs - last > staleAfterDays * DAY_MS;
  return { edr: infected ? 'infected' : stale ? 'stale' : 'active', agent, decommissioned: false };
}
