import { col, plainTable, resourceTable } from '../define.ts';
import type { TableSpec } from '../types.ts';

// Gold: what the detection stage writes. Compliance results and asset summaries are snapshots
// written with the history engine (source_id = 'hotpot'); alerts carry an analyst-driven lifecycle
// that a snapshot cannot express, so they live in a plain table with an explicit event log.

export const GOLD_COMPLIANCE = resourceTable({
  layer: 'gold',
  name: 'compliance',
  description:
    'Latest result of every rule on every resource it evaluated (resource_id = <rule_id>|<resource>, scope = rule id; collected_at = last evaluation).',
  columns: [
    col('rule_id', 'text', 'Rule that produced the result, e.g. cis_gcp.4.9.', { nullable: false }),
    col('resource', 'text', 'Resource the rule judged (bronze resource id, asset id or agent id).', {
      nullable: false,
    }),
    col('status', 'text', 'ok, alarm, info, skip or error.', { nullable: false }),
    col('reason', 'text', 'Why the rule decided so, in one sentence.'),
    col('severity', 'text', 'Severity of the rule: critical, high, medium, low or info.'),
    col('title', 'text', 'Title of the rule.'),
    col('pack', 'text', 'Rule pack the rule comes from (cis_gcp, edr, exposure, eol, or user).'),
    col('resource_type', 'text', 'Kind of resource the rule judges, e.g. gcp_instance, s1_agent, asset.'),
    col('asset_id', 'text', 'Silver asset behind the resource, when the rule knows it.'),
    col('frameworks_json', 'json', 'Framework controls the rule maps to, e.g. ["cis_gcp_v3.0:4.9"].'),
    col('dimensions_json', 'json', 'Extra columns the rule returned (project, zone, ports, …).'),
  ],
  examples: [
    'Which CIS GCP controls fail, on which resources, and since when?',
    'How many resources fail each rule?',
  ],
});

export const GOLD_ALERTS = plainTable({
  layer: 'gold',
  name: 'alerts',
  description:
    'One alert per (rule, resource) fingerprint that has ever alarmed, with its triage lifecycle (open, acknowledged, muted, false_positive, resolved).',
  primaryKey: ['alert_id'],
  columns: [
    col('alert_id', 'text', 'Fingerprint of (rule_id, resource); stable across runs.', { nullable: false }),
    col('rule_id', 'text', 'Rule that alarms.', { nullable: false }),
    col('resource', 'text', 'Resource the rule alarms on.', { nullable: false }),
    col('resource_type', 'text', 'Kind of resource, e.g. gcp_instance.'),
    col('asset_id', 'text', 'Silver asset behind the resource, when known.'),
    col('severity', 'text', 'critical, high, medium, low or info.'),
    col('title', 'text', 'Rule title.'),
    col('reason', 'text', 'Reason given by the latest alarming result.'),
    col('status', 'text', 'open, acknowledged, muted, false_positive or resolved.', { nullable: false }),
    col('alarming', 'boolean', 'Whether the latest run still alarms on this resource.', { nullable: false }),
    col('first_seen', 'timestamp', 'First run that alarmed.', { nullable: false }),
    col('last_seen', 'timestamp', 'Latest run that alarmed.', { nullable: false }),
    col('occurrences', 'integer', 'Times the alert opened or reopened (1 on first alarm).', {
      nullable: false,
    }),
    col('resolved_at', 'timestamp', 'When it was last resolved (automatically or by an analyst).'),
    col('triage_reason', 'text', 'Analyst reason of the latest triage (ack, mute, false positive).'),
    col('triaged_by', 'text', 'Who triaged it last.'),
    col('triaged_at', 'timestamp', 'When it was last triaged.'),
    col('muted_until', 'timestamp', 'End of a mute; the alert reopens after it when it still alarms.'),
    col('dimensions_json', 'json', 'Dimensions of the latest alarming result.'),
    col('updated_at', 'timestamp', 'Last change of this row.', { nullable: false }),
  ],
  examples: ['Which critical alerts are open?', 'Which alerts were muted and until when?'],
});

export const GOLD_ALERT_EVENTS = plainTable({
  layer: 'gold',
  name: 'alert_events',
  description: 'Every lifecycle transition of every alert (opened, reopened, resolved, acknowledged, …).',
  primaryKey: ['event_id'],
  columns: [
    col('event_id', 'text', 'Unique event id.', { nullable: false }),
    col('alert_id', 'text', 'Alert the event belongs to.', { nullable: false }),
    col('event_at', 'timestamp', 'When the transition happened.', { nullable: false }),
    col(
      'event',
      'text',
      'opened, reopened, resolved, acknowledged, muted, unmuted, mute_expired, false_positive, manual_resolve.',
      { nullable: false },
    ),
    col('from_status', 'text', 'Status before the transition.'),
    col('to_status', 'text', 'Status after the transition.', { nullable: false }),
    col('actor', 'text', 'detect (automatic) or the analyst.'),
    col('reason', 'text', 'Reason given with the transition.'),
  ],
});

export const GOLD_ASSET_SUMMARY = resourceTable({
  layer: 'gold',
  name: 'asset_summary',
  description:
    'One row per silver asset: coverage, exposure, open alerts by severity and vulnerability counts.',
  columns: [
    col('hostname', 'text', 'Asset hostname.'),
    col('kind', 'text', 'vm, k8s-node, endpoint, network-device or unknown.'),
    col('os_name', 'text', 'Operating system name.'),
    col('cloud_provider', 'text', 'gcp, vng or null.'),
    col('in_cloud', 'boolean', 'Known to a cloud inventory.'),
    col('edr', 'text', 'EDR coverage: none, active, stale or infected.'),
    col('seen_by_firewall', 'boolean', 'Seen by a FortiGate.'),
    col('internet_exposed', 'boolean', 'Reachable from the internet on some port.'),
    col('exposed_ports', 'integer', 'Internet-reachable exposures (address/protocol/port ranges).'),
    col('vulnerabilities', 'integer', 'Vulnerabilities on the asset.'),
    col('critical_vulnerabilities', 'integer', 'Vulnerabilities with CVSS ≥ 9.'),
    col('max_cvss', 'double', 'Highest CVSS on the asset.'),
    col('open_alerts', 'integer', 'Alerts in open or acknowledged status.'),
    col('open_critical', 'integer', 'Open alerts of severity critical.'),
    col('open_high', 'integer', 'Open alerts of severity high.'),
    col('open_medium', 'integer', 'Open alerts of severity medium.'),
    col('open_low', 'integer', 'Open alerts of severity low or info.'),
    col('os_eol', 'boolean', 'Operating system past its end of life.'),
  ],
  examples: ['Which internet-exposed assets have critical vulnerabilities and no EDR?'],
});

export const GOLD_TABLES: readonly TableSpec[] = [
  GOLD_COMPLIANCE,
  GOLD_ALERTS,
  GOLD_ALERT_EVENTS,
  GOLD_ASSET_SUMMARY,
];

// End-of-life reference data, shaped after endoflife.date (`/api/<product>.json`): one product
// row per OS family and one cycle row per release line. source_id is 'endoflife.date' (or
// 'bundled' for the offline snapshot), scope is the product slug.

export const EOL_PRODUCTS = resourceTable({
  layer: 'bronze',
  name: 'eol_products',
  description: 'End-of-life reference products (resource_id is the endoflife.date slug, e.g. ubuntu).',
  columns: [
    col('label', 'text', 'Product name, e.g. Ubuntu.'),
    col('os_family', 'text', 'linux, windows or macos.'),
  ],
});

export const EOL_CYCLES = resourceTable({
  layer: 'bronze',
  name: 'eol_cycles',
  description: 'Release cycles of an end-of-life product (resource_id = <product>/<cycle>).',
  columns: [
    col('product', 'text', 'Product slug, e.g. ubuntu.', { nullable: false }),
    col('cycle', 'text', 'Release cycle, e.g. 22.04, 9, 2019, 11.', { nullable: false }),
    col('release_date', 'timestamp', 'Release date of the cycle (midnight UTC).'),
    col('eol_date', 'timestamp', 'End of (security) support (midnight UTC); NULL when not announced.'),
    col('eol_reached', 'boolean', 'Set when the source says true/false instead of a date.'),
    col('latest', 'text', 'Latest release in the cycle.'),
    col('lts', 'boolean', 'Long-term support cycle.'),
    col(
      'match_like',
      'text',
      "LIKE pattern on lower(os_name || ' ' || os_version) of an asset running this cycle, e.g. 'ubuntu 22.04%'.",
    ),
  ],
  examples: ['Which OS versions are past end of life?'],
});

export const EOL_TABLES: readonly TableSpec[] = [EOL_PRODUCTS, EOL_CYCLES];
