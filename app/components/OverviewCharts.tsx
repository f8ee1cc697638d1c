// The Overview's charts, drawn with plain elements (no chart library): EDR coverage as stacked
// bars per machine group, and alerts opened per day as stacked columns by severity.
import type { AlertDayCount, CoverageCount } from '../../pipeline/service/contract.ts';
import { formatCount } from './format.ts';

const EDR_ORDER = ['active', 'stale', 'infected', 'none'] as const;
const GROUP_LABEL: Record<CoverageCount['group'], string> = {
  cloud: 'Cloud VMs',
  other: 'Other machines',
};
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'] as const;

export function CoverageChart({ coverage }: { coverage: readonly CoverageCount[] }) {
  if (coverage.length === 0) return <p className="muted">No machines yet: run normalize.</p>;
  return (
    <div className="stack" aria-label="EDR coverage">
      {(['cloud', 'other'] as const).map((group) => {
        const of = coverage.filter((c) => c.group === group);
        const total = of.reduce((n, c) => n + c.machines, 0);
        if (total === 0) return null;
        const count = (edr: string): number => of.find((c) => c.edr === edr)?.machines ?? 0;
        return (
          <div key={group} className="coverage-row" data-group={group}>
            <strong>{GROUP_LABEL[group]}</strong>
            <div className="stacked" role="img" aria-label={`${GROUP_LABEL[group]} by EDR coverage`}>
              {EDR_ORDER.map((edr) =>
                count(edr) > 0 ? (
                  <div
                    key={edr}
                    className={`edr-${edr}`}
                    style={{ width: `${(100 * count(edr)) / total}%` }}
                    title={`${edr}: ${count(edr)}`}
                  />
                ) : null,
              )}
            </div>
            <span className="legend">
              {EDR_ORDER.map((edr) => (
                <span key={edr} data-edr={edr}>
                  <i className={`swatch edr-${edr}`} /> {edr} {formatCount(count(edr))}
                </span>
              ))}
            </span>
          </div>
        );
      })}
    </div>
  );
}

/** The last `days` UTC days, oldest first, as `YYYY-MM-DD`. */
function lastDays(days: number, now = new Date()): string[] {
  return Array.from({ length: days }, (_, i) =>
    new Date(now.getTime() - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

export function AlertsOverTime({ counts, days }: { counts: readonly AlertDayCount[]; days: number }) {
  if (counts.length === 0) return <p className="muted">No alerts opened in the last {days} days.</p>;
  const axis = lastDays(days);
  const perDay = (day: string): number =>
    counts.filter((c) => c.day === day).reduce((n, c) => n + c.opened, 0);
  const max = Math.max(1, ...axis.map(perDay));
  return (
    <div>
      <div className="columns" role="img" aria-label={`alerts opened per day, last ${days} days`}>
        {axis.map((day) => (
          <div key={day} className="column" title={`${day}: ${perDay(day)} opened`} data-day={day}>
            {SEVERITY_ORDER.map((sev) => {
              const n = counts.find((c) => c.day === day && c.severity === sev)?.opened ?? 0;
              return n > 0 ? (
                <div key={sev} className={`sev-bar-${sev}`} style={{ height: `${(100 * n) / max}%` }} />
              ) : null;
            })}
          </div>
        ))}
      </div>
      <div className="row muted">
        <span>{axis[0]}</span>
        <span className="grow" />
        <span className="legend">
          {SEVERITY_ORDER.map((sev) => (
            <span key={sev}>
              <i className={`swatch sev-bar-${sev}`} /> {sev}
            </span>
          ))}
        </span>
        <span className="grow" />
        <span>{axis[axis.length - 1]}</span>
      </div>
    </div>
  );
}
