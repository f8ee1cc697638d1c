// Fills a rule's `{{placeholders}}` with SQL literals. Values come from the rule's defaults,
// overridden by workspace settings; they are rendered as literals (numbers checked, strings
// quoted) because both stores must run the same text and a rule has no bind-parameter slots.
import type { Rule } from './types.ts';

/** `param` applies to every rule declaring it; `rule_id.param` to one rule only. */
export type ParamOverrides = Readonly<Record<string, string | number>>;

function literal(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`parameter value ${value} is not a finite number`);
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

export function renderRuleSql(rule: Rule, now: Date, overrides: ParamOverrides = {}): string {
  const values = new Map<string, string>();
  values.set('now', `CAST('${now.toISOString().replace('T', ' ').replace('Z', '')}' AS TIMESTAMP)`);
  for (const p of rule.params) {
    const override = overrides[`${rule.id}.${p.name}`] ?? overrides[p.name];
    // A number-typed parameter keeps its type even when the override arrives as text (settings, CLI).
    const value =
      override === undefined
        ? p.default
        : typeof p.default === 'number'
          ? Number(override)
          : String(override);
    values.set(p.name, literal(value));
  }
  return rule.sql.replace(
    /\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g,
    (whole, name: string) => values.get(name) ?? whole,
  );
}
