// Compliance by benchmark: every framework control a rule maps to (`cis_gcp_v3.0:4.9`), with the
// number of resources per status. The failing resources themselves are paged from gold.compliance
// by the UI (rule_id + status = alarm), so this call stays one GROUP BY however many resources.
import type { ComplianceBenchmark, ComplianceControl } from '../contract.ts';
import type { Handlers } from './context.ts';

// A type alias (not an interface) so it satisfies the store's Row constraint.
type RuleStatusCount = {
  rule_id: string;
  status: string;
  title: string | null;
  severity: string | null;
  pack: string | null;
  frameworks: string | null;
  n: number | bigint;
};

function frameworksOf(raw: string | null): string[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

/** `4.10` after `4.9`: controls are dotted numbers, not strings. */
export function compareControls(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = Number(x);
    const ny = Number(y);
    const c = x !== '' && y !== '' && !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return c;
  }
  return 0;
}

/** Groups (rule, status) counts into benchmarks and controls; rules without a framework fall under their pack. */
export function groupBenchmarks(rows: readonly RuleStatusCount[]): ComplianceBenchmark[] {
  const controls = new Map<string, Map<string, ComplianceControl>>();
  for (const r of rows) {
    const mapped = frameworksOf(r.frameworks);
    const targets = mapped.length > 0 ? mapped : [`pack:${r.pack ?? 'user'}:${r.rule_id}`];
    for (const target of targets) {
      const cut = target.lastIndexOf(':');
      const benchmark = cut > 0 ? target.slice(0, cut) : target;
      const control = cut > 0 ? target.slice(cut + 1) : r.rule_id;
      const byKey = controls.get(benchmark) ?? new Map<string, ComplianceControl>();
      controls.set(benchmark, byKey);
      const key = `${control}\u0000${r.rule_id}`;
      const entry = byKey.get(key) ?? {
        control,
        ruleId: r.rule_id,
        title: r.title ?? r.rule_id,
        severity: r.severity ?? 'info',
        counts: {},
      };
      entry.counts[r.status] = (entry.counts[r.status] ?? 0) + Number(r.n);
      byKey.set(key, entry);
    }
  }
  return [...controls.entries()]
    .sort(([a], [b]) =>
      a.startsWith('pack:') === b.startsWith('pack:') ? a.localeCompare(b) : a.startsWith('pack:') ? 1 : -1,
    )
    .map(([benchmark, byKey]) => ({
      benchmark,
      controls: [...byKey.values()].sort(
        (a, b) => compareControls(a.control, b.control) || a.ruleId.localeCompare(b.ruleId),
      ),
    }));
}

export const complianceHandlers: Pick<Handlers, 'compliance.benchmarks'> = {
  'compliance.benchmarks': async (ctx) => {
    const store = await ctx.runtime.env.store();
    const rows = await store.query<RuleStatusCount>(
      `SELECT rule_id, status, max(title) AS title, max(severity) AS severity, max(pack) AS pack,
              max(CAST(frameworks_json AS TEXT)) AS frameworks, count(*) AS n
         FROM gold.compliance GROUP BY rule_id, status`,
    );
    return groupBenchmarks(rows);
  },
};
