/** Severity of a rule; `info` rules never raise alerts worth paging anyone for. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** The control contract: every row a rule returns carries one of these statuses. */
export type ControlStatus = 'ok' | 'alarm' | 'info' | 'skip' | 'error';
export const CONTROL_STATUSES: readonly ControlStatus[] = ['ok', 'alarm', 'info', 'skip', 'error'];

/** A parameter a rule reads as `{{name}}`, with its default (workspace settings may override). */
export interface RuleParam {
  readonly name: string;
  readonly default: string | number;
}

/** One rule: metadata from the header of its file plus exactly one SQL query. */
export interface Rule {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly description: string;
  readonly remediation: string;
  /** e.g. `cis_gcp_v3.0:4.9`. */
  readonly frameworks: readonly string[];
  /** gcp_instance, s1_agent, asset, … (what `resource` names). */
  readonly resourceType: string;
  readonly pack: string;
  readonly params: readonly RuleParam[];
  readonly sql: string;
  /** File the rule was loaded from and the line its SQL starts on, for messages. */
  readonly file: string;
  readonly sqlLine: number;
}

/** A problem found while loading rules; `line` is 1-based. */
export interface RuleProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}
