// Which sources and stages a run covers: the same choice for launching now and for a schedule.
import { STAGES, type StageName } from '../../pipeline/service/contract.ts';

function toggle<T>(set: ReadonlySet<T>, value: T, on: boolean): Set<T> {
  const next = new Set(set);
  if (on) next.add(value);
  else next.delete(value);
  return next;
}

export function SourceStagePicker(props: {
  sourceIds: readonly string[];
  sources: ReadonlySet<string>;
  onSources(next: Set<string>): void;
  stages: ReadonlySet<StageName>;
  onStages(next: Set<StageName>): void;
}) {
  return (
    <>
      <div className="row wrap">
        <strong>Sources:</strong>
        {props.sourceIds.map((id) => (
          <label key={id} className="check">
            <input
              type="checkbox"
              checked={props.sources.has(id)}
              onChange={(e) => props.onSources(toggle(props.sources, id, e.target.checked))}
            />
            {id}
          </label>
        ))}
        {props.sourceIds.length === 0 && <span className="muted">none configured</span>}
      </div>
      <div className="row wrap">
        <strong>Stages:</strong>
        {STAGES.map((s) => (
          <label key={s} className="check">
            <input
              type="checkbox"
              checked={props.stages.has(s)}
              onChange={(e) => props.onStages(toggle(props.stages, s, e.target.checked))}
            />
            {s}
          </label>
        ))}
      </div>
    </>
  );
}
