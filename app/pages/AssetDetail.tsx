// One asset: the machine as silver sees it, the bronze records merged into it with the rule and
// value that joined each one, its software, vulnerabilities, exposures and alerts, and the
// field-level timeline across all of them (loaded when its tab opens: it walks every history).
import { useState } from 'react';
import type { AssetDetail as Detail, Row, TimelineEvent } from '../../pipeline/service/contract.ts';
import { useCall } from '../api/use-call.ts';
import { DetailPanel } from '../components/DetailPanel.tsx';
import { ErrorLine, Loading } from '../components/Empty.tsx';
import { cellText, formatTime } from '../components/format.ts';
import { RowsTable, Severity, type RowsTableColumn } from '../components/RowsTable.tsx';

const TABS = ['sources', 'software', 'vulnerabilities', 'exposures', 'alerts', 'timeline'] as const;
type Tab = (typeof TABS)[number];

const FACTS = [
  'hostname',
  'kind',
  'os_name',
  'os_version',
  'cloud_provider',
  'cloud_project',
  'cloud_zone',
  'cloud_status',
  'private_ips_json',
  'public_ips_json',
  'edr',
  'edr_agent_id',
  'seen_by_firewall',
  'internet_exposed',
  'first_seen',
];

const COLUMNS: Record<Exclude<Tab, 'timeline'>, readonly RowsTableColumn[]> = {
  sources: [
    { key: 'source_table', label: 'record' },
    { key: 'record_id', label: 'id' },
    { key: 'rule', label: 'merged by' },
    { key: 'matched_value', label: 'matched value' },
    { key: 'confidence', render: (r) => Number(r.confidence).toFixed(2) },
  ],
  software: [{ key: 'display_name', label: 'software' }, { key: 'version' }, { key: 'vendor' }],
  vulnerabilities: [
    { key: 'cve_id', label: 'CVE' },
    { key: 'cvss', label: 'CVSS' },
    { key: 'severity', render: (r) => <Severity value={r.severity} /> },
    { key: 'software' },
    { key: 'software_version', label: 'version' },
  ],
  exposures: [
    { key: 'address' },
    { key: 'protocol' },
    { key: 'port_from', label: 'ports', render: (r) => `${cellText(r.port_from)}–${cellText(r.port_to)}` },
    { key: 'rule_kind', label: 'allowed by' },
    { key: 'internet_reachable', label: 'internet' },
  ],
  alerts: [
    { key: 'severity', render: (r) => <Severity value={r.severity} /> },
    {
      key: 'title',
      label: 'alert',
      render: (r: Row) => (
        <a href={`#/alerts?alert=${encodeURIComponent(String(r.alert_id))}`}>{cellText(r.title)}</a>
      ),
    },
    { key: 'status' },
    { key: 'last_seen', label: 'last seen', render: (r) => formatTime(String(r.last_seen)) },
  ],
};

function show(value: unknown): string {
  return value === null || value === undefined ? '∅' : cellText(value);
}

function Changes({ event }: { event: TimelineEvent }) {
  return (
    <>
      {event.fields.map((f) => (
        <div key={f.column} className="change">
          {f.column}: {show(f.before)} → {show(f.after)}
        </div>
      ))}
      {event.children.map((c, j) => (
        <div key={j} className="change">
          {c.table}[{Object.values(c.key).map(show).join('/')}] {c.change}
          {c.fields.map((f) => ` ${f.column}: ${show(f.before)} → ${show(f.after)}`).join(';')}
        </div>
      ))}
    </>
  );
}

function TimelineView({ assetId }: { assetId: string }) {
  const call = useCall('assets.timeline', { assetId }, { refreshOn: 'runs' });
  if (call.error) return <ErrorLine error={call.error} />;
  if (call.data === undefined) return <Loading />;
  // Newest first: the analyst asks what changed lately.
  const events: TimelineEvent[] = [...(call.data?.events ?? [])].reverse();
  return (
    <ol className="timeline" data-testid="asset-timeline">
      {events.map((e, i) => (
        <li key={i}>
          <div>
            <strong>{formatTime(e.at)}</strong> {e.change} <code className="muted">{e.table}</code>{' '}
            <span className="muted">{e.resourceId}</span>
          </div>
          {e.change === 'changed' ? (
            <Changes event={e} />
          ) : (
            // A record appearing or going away lists every field: fold it, the first line says enough.
            <details>
              <summary className="muted">
                {e.fields.length} fields{e.children.length > 0 ? `, ${e.children.length} child rows` : ''}
              </summary>
              <Changes event={e} />
            </details>
          )}
        </li>
      ))}
      {events.length === 0 && <li className="muted">No changes recorded.</li>}
    </ol>
  );
}

function count(d: Detail, tab: Tab): string {
  if (tab === 'timeline') return '';
  const n = d[tab].length;
  return ` (${n}${d.truncated.includes(tab) ? '+' : ''})`;
}

export function AssetDetailPanel({ assetId, onClose }: { assetId: string; onClose(): void }) {
  const call = useCall('assets.show', { assetId }, { refreshOn: 'alerts' });
  const [tab, setTab] = useState<Tab>('sources');
  const d = call.data;
  return (
    <DetailPanel
      testId="asset-detail"
      title={d ? cellText(d.asset.hostname) || assetId : 'Asset'}
      wide
      onClose={onClose}
      ready={d !== undefined}
      error={call.error}
    >
      {d && (
        <>
          <dl className="facts" aria-label="asset facts">
            <dt>asset id</dt>
            <dd>{assetId}</dd>
            {FACTS.filter((k) => d.asset[k] !== null && d.asset[k] !== undefined).map((k) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt>{k.replace(/_json$/, '').replace(/_/g, ' ')}</dt>
                <dd data-fact={k}>{cellText(d.asset[k])}</dd>
              </div>
            ))}
          </dl>
          <div className="tabs" role="tablist">
            {TABS.map((t) => (
              <button key={t} role="tab" aria-selected={t === tab} onClick={() => setTab(t)}>
                {t}
                {count(d, t)}
              </button>
            ))}
          </div>
          {tab === 'timeline' ? (
            <TimelineView assetId={assetId} />
          ) : (
            <RowsTable label={`asset ${tab}`} rows={d[tab]} columns={COLUMNS[tab]} empty={`No ${tab}.`} />
          )}
        </>
      )}
    </DetailPanel>
  );
}
