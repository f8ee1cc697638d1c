// The service contract: every call the UI makes, with a zod input schema and a typed result.
// Browser-safe (zod and type-only imports), so the renderer validates against the same schemas
// the handlers enforce, whichever transport carries the call.
import { z } from 'zod';
import type { ColumnSpec, ColumnType, Layer, TableKind } from '../../db/catalog/types.ts';
import type { ResourceDiff } from '../../db/history/diff.ts';
import type { ResourceVersion } from '../../db/history/as-of.ts';
import type { Row } from '../../db/store/types.ts';
import type { CancelOutcome, RunDetail, RunSummary } from '../workflows/local/run-journal.ts';
import type { Alert, AlertEvent } from '../detect/alerts/model.ts';
import type { TriageAction } from '../detect/alerts/triage.ts';
import type { Timeline, TimelineEvent } from '../normalize/timeline.ts';

export type {
  Alert,
  AlertEvent,
  ColumnSpec,
  ColumnType,
  Layer,
  ResourceDiff,
  ResourceVersion,
  Row,
  RunDetail,
  RunSummary,
  Timeline,
  TimelineEvent,
};

const sourceId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, - and _');
const tableName = z.string().regex(/^[a-z_]+\.[a-z][a-z0-9_]*$/, 'layer.table');
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO date-time');

export const filterSchema = z.object({
  column: z.string().min(1),
  op: z.enum(['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'startsWith', 'isNull', 'notNull', 'in']),
  value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
});
export const sortSchema = z.object({ column: z.string().min(1), direction: z.enum(['asc', 'desc']) });

const pageInput = z.object({
  table: tableName,
  columns: z.array(z.string()).optional(),
  sort: z.array(sortSchema).max(8).optional(),
  filters: z.array(filterSchema).max(32).optional(),
  limit: z.number().int().min(0).max(10_000).default(200),
  offset: z.number().int().min(0).default(0),
});

const resourceRef = z.object({
  table: tableName,
  sourceId: z.string().min(1),
  resourceId: z.string().min(1),
});

export const STAGES = ['ingest', 'normalize', 'detect', 'publish'] as const;

/** Analyst transitions the UI offers; the same names as `hotpot alerts <action>`. */
export const TRIAGE_ACTIONS = [
  'ack',
  'mute',
  'unmute',
  'false-positive',
  'reopen',
  'resolve',
] as const satisfies readonly TriageAction[];
export type TriageActionName = (typeof TRIAGE_ACTIONS)[number];
/** Actions that must say why: a silenced or dismissed alert without a reason cannot be audited. */
export const REASON_REQUIRED: ReadonlySet<string> = new Set(['mute', 'false-positive']);

const alertId = z.string().regex(/^[0-9a-f]{6,64}$/, 'an alert id (hex fingerprint)');
const assetId = z.string().min(1).max(300);

const triageInput = z
  .object({
    alertIds: z.array(alertId).min(1).max(1000),
    action: z.enum(TRIAGE_ACTIONS),
    reason: z.string().trim().max(2000).optional(),
    /** Mute expiry; only with `mute`. */
    until: isoTime.optional(),
  })
  .superRefine((v, issue) => {
    if (REASON_REQUIRED.has(v.action) && !v.reason)
      issue.addIssue({ code: 'custom', path: ['reason'], message: `a reason is required to ${v.action}` });
    if (v.until !== undefined && v.action !== 'mute')
      issue.addIssue({ code: 'custom', path: ['until'], message: 'an expiry only applies to mute' });
  });
export type StageName = (typeof STAGES)[number];

/** Input schemas, one per call name. */
export const inputs = {
  'workspace.info': z.object({}),
  'overview.get': z.object({}),
  'providers.list': z.object({}),
  'sources.list': z.object({}),
  'sources.save': z.object({
    id: sourceId,
    provider: z.string().min(1),
    name: z.string().max(200).optional(),
    config: z.record(z.string(), z.unknown()),
    /** Write-only: stored encrypted, never returned. Empty values are ignored (keep the stored one). */
    secrets: z.record(z.string(), z.string()).optional(),
  }),
  'sources.test': z.object({ id: sourceId }),
  'sources.remove': z.object({ id: sourceId }),
  'runs.launch': z.object({
    /** Source ids; empty means every configured source. */
    sources: z.array(sourceId).default([]),
    stages: z.array(z.enum(STAGES)).min(1).default(['ingest', 'normalize', 'detect']),
  }),
  'runs.list': z.object({
    limit: z.number().int().min(1).max(500).default(50),
    status: z.enum(['running', 'completed', 'failed', 'cancelled']).optional(),
  }),
  'runs.show': z.object({ runId: z.string().min(1) }),
  'runs.cancel': z.object({ runId: z.string().min(1) }),
  'runs.retry': z.object({ runId: z.string().min(1) }),
  'runs.resume': z.object({}),
  'schedules.list': z.object({}),
  'schedules.save': z.object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _'),
    /** Five cron fields, or six with seconds first. */
    cron: z.string().trim().min(1).max(120),
    timezone: z.string().trim().min(1).max(64).default('UTC'),
    /** Source ids; empty means every source configured when the schedule is saved. */
    sources: z.array(sourceId).default([]),
    stages: z.array(z.enum(STAGES)).min(1).default(['ingest', 'normalize', 'detect']),
    enabled: z.boolean().default(true),
  }),
  'schedules.remove': z.object({ id: z.string().min(1) }),
  'tables.list': z.object({
    withCounts: z.boolean().default(false),
    /** Only these tables (`layer.name`, history tables included by their own name); all by default. */
    names: z.array(tableName).max(50).optional(),
  }),
  'tables.page': pageInput,
  'tables.exportCsv': pageInput.extend({ limit: z.number().int().min(1).max(100_000).default(100_000) }),
  'tables.asOf': resourceRef.extend({ at: isoTime }),
  'tables.diff': resourceRef.extend({ from: isoTime, to: isoTime }),
  'settings.get': z.object({}),
  'settings.set': z.object({
    /** DuckDB file path or postgres:// URL; empty resets to the workspace's DuckDB file. */
    store: z.string().max(2000).optional(),
    /** "local" or a Temporal address host:port. */
    engine: z.string().max(300).optional(),
  }),
  'agent.ask': z.object({ question: z.string().trim().min(1).max(2000) }),
  /** Re-runs (possibly edited) SQL through the same read-only guard and limits as answers. */
  'agent.runSql': z.object({ sql: z.string().trim().min(1).max(20_000) }),
  'agent.history': z.object({ limit: z.number().int().min(1).max(200).default(30) }),
  'alerts.summary': z.object({}),
  'alerts.show': z.object({ alertId }),
  'alerts.triage': triageInput,
  'compliance.benchmarks': z.object({}),
  'assets.show': z.object({ assetId }),
  'assets.timeline': z.object({ assetId, since: isoTime.optional() }),
  'publish.status': z.object({}),
  /** Central PostgreSQL URL (the password is stored, never returned); empty forgets the target. */
  'publish.setTarget': z.object({
    url: z
      .string()
      .trim()
      .max(2000)
      .refine((u) => u === '' || /^postgres(ql)?:\/\//i.test(u), 'a postgres:// URL'),
  }),
} as const;

export type CallName = keyof typeof inputs;
export type CallInput<N extends CallName> = z.input<(typeof inputs)[N]>;
export type ParsedInput<N extends CallName> = z.output<(typeof inputs)[N]>;

export interface LayerCount {
  layer: Layer;
  tables: number;
  rows: number;
}
export interface SourceLayerCount {
  sourceId: string;
  layer: Layer;
  rows: number;
}
/** Machines of silver by where they live (cloud VM or not) and their EDR coverage. */
export interface CoverageCount {
  group: 'cloud' | 'other';
  /** none, active, stale or infected. */
  edr: string;
  machines: number;
}

/** Days of alert history the Overview's chart shows. */
export const ALERT_CHART_DAYS = 30;

/** Alerts that opened or reopened on one day (UTC, `YYYY-MM-DD`) with one severity. */
export interface AlertDayCount {
  day: string;
  severity: string;
  opened: number;
}

export interface Overview {
  layers: LayerCount[];
  perSource: SourceLayerCount[];
  lastRuns: RunSummary[];
  sources: number;
  coverage: CoverageCount[];
  alertsByDay: AlertDayCount[];
}

/** A source as the UI sees it: configuration and the names of stored secrets, never their values. */
export interface PublicSource {
  id: string;
  provider: string;
  name: string;
  config: Record<string, unknown>;
  secretNames: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ProviderInfo {
  provider: string;
  description: string;
  secretNames: string[];
  exampleConfig: Record<string, unknown>;
}

export interface SourceCheckResult {
  check: string;
  scope?: string;
  ok: boolean;
  detail: string;
}

export interface TableInfo {
  /** `layer.name`, or `layer_history.name` for the version table. */
  name: string;
  layer: Layer;
  table: string;
  history: boolean;
  kind: TableKind;
  description: string;
  columns: ColumnSpec[];
  rows: number | null;
}

export interface PageResult {
  columns: ColumnSpec[];
  rows: Row[];
  total: number;
}

export interface Settings {
  store: string;
  defaultStore: string;
  engine: string;
}

/** Rows answered by the agent or by re-run SQL; the SQL always comes with them. */
export interface AgentResult {
  sql: string;
  columns: string[];
  rows: Row[];
  truncated: boolean;
}

export interface AgentAnswerView extends AgentResult {
  question: string;
  explanation: string;
  attempts: number;
  provider: string;
  model: string;
  elapsedMs: number;
}

export interface AgentHistoryItem {
  id: number;
  question: string;
  status: string;
  sql: string | null;
  explanation: string | null;
  error: string | null;
}

/** Alerts per (status, severity): the counts beside the triage queue's filters. */
export interface AlertCount {
  status: string;
  severity: string;
  n: number;
}

/** What the rule behind an alert says about itself (from its rule file). */
export interface RuleInfo {
  id: string;
  title: string;
  severity: string;
  description: string;
  remediation: string;
  frameworks: string[];
  pack: string;
  resourceType: string;
}

export interface AlertDetail {
  alert: Alert;
  /** Lifecycle transitions, oldest first. */
  events: AlertEvent[];
  /** Null when the rule file is gone (renamed or removed since the alert was raised). */
  rule: RuleInfo | null;
}

export interface TriageResult {
  updated: Alert[];
  failed: { alertId: string; code: string; message: string }[];
}

/** One control of a benchmark (e.g. CIS GCP 4.9) and how its resources fare. */
export interface ComplianceControl {
  control: string;
  ruleId: string;
  title: string;
  severity: string;
  /** Resources per status (ok, alarm, info, skip, error). */
  counts: Record<string, number>;
}

export interface ComplianceBenchmark {
  /** Framework id such as `cis_gcp_v3.0`, or `pack:<name>` for rules that map to none. */
  benchmark: string;
  controls: ComplianceControl[];
}

/** Everything known about one asset, each list capped (see `truncated`). */
export interface AssetDetail {
  asset: Row;
  summary: Row | null;
  /** Bronze records merged into the asset, with the rule, matched value and confidence. */
  sources: Row[];
  software: Row[];
  vulnerabilities: Row[];
  exposures: Row[];
  alerts: Row[];
  /** Lists that hit the cap. */
  truncated: string[];
}

/** The latest publish of one table by this workspace, as the central database recorded it. */
export interface PublishedTable {
  table: string;
  publishedAt: string;
  /** Latest local change already merged centrally. */
  watermark: string;
  publishId: string;
  rowsSent: number | null;
  rowsWritten: number | null;
  skippedOlder: number | null;
}

export interface PublishStatus {
  /** Central database URL with the password masked; null when none is configured. */
  target: string | null;
  publisherId: string | null;
  tables: PublishedTable[];
  /** Why the central database could not be read (unreachable, refused…); the page still works. */
  error: string | null;
}

/** A scheduled pipeline run as the Runs page shows it. */
export interface ScheduleView {
  id: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  sources: string[];
  stages: StageName[];
  nextFireAt: string;
  lastFiredAt: string | null;
  lastRunId: string | null;
}

/** Result types, one per call name. */
export interface Results {
  'workspace.info': { home: string; store: string; version: string; tables: number };
  'overview.get': Overview;
  'providers.list': ProviderInfo[];
  'sources.list': PublicSource[];
  'sources.save': PublicSource;
  'sources.test': { id: string; ok: boolean; checks: SourceCheckResult[] };
  'sources.remove': { removed: boolean };
  'runs.launch': { runId: string };
  'runs.list': RunSummary[];
  'runs.show': RunDetail;
  'runs.cancel': CancelOutcome;
  'runs.retry': { runId: string };
  'runs.resume': { resumed: string[]; skipped: { runId: string; reason: string }[] };
  'schedules.list': ScheduleView[];
  'schedules.save': ScheduleView;
  'schedules.remove': { removed: boolean };
  'tables.list': TableInfo[];
  'tables.page': PageResult;
  'tables.exportCsv': { filename: string; csv: string; rows: number };
  'tables.asOf': ResourceVersion | null;
  'tables.diff': ResourceDiff;
  'settings.get': Settings;
  'settings.set': Settings;
  'agent.ask': AgentAnswerView;
  'agent.runSql': AgentResult;
  'agent.history': AgentHistoryItem[];
  'alerts.summary': AlertCount[];
  'alerts.show': AlertDetail;
  'alerts.triage': TriageResult;
  'compliance.benchmarks': ComplianceBenchmark[];
  'assets.show': AssetDetail;
  'assets.timeline': Timeline | null;
  'publish.status': PublishStatus;
  'publish.setTarget': PublishStatus;
}

export type CallResult<N extends CallName> = Results[N];

export const CALL_NAMES = Object.keys(inputs) as CallName[];

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(inputs, name);
}

export { ServiceCallError, type ServiceErrorBody } from './errors.ts';
