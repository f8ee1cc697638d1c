import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { S1_AGENT_NICS, S1_TABLES } from '../../../db/catalog/tables/s1.ts';
import { ownColumns } from '../../../db/catalog/define.ts';
import type { SnapshotRecord } from '../../../db/history/types.ts';
import {
  convertAccount,
  convertAgent,
  convertApplication,
  convertGroup,
  convertRisk,
  convertSite,
  idText,
} from './convert.ts';

const id = fc.bigInt({ min: 10n ** 17n, max: 2n ** 63n - 1n }).map(String);
/** Any JSON-ish value, including the wrong types a broken API might send. */
const anything = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string()),
  fc.object(),
);
const item = (fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record(fields, { requiredKeys: [] })
    .chain((known) => fc.dictionary(fc.string(), anything).map((extra) => ({ ...extra, ...known })));

const nic = item({
  id,
  name: fc.string(),
  physical: fc.string(),
  inet: fc.array(fc.ipV4()),
  inet6: fc.array(fc.ipV6()),
});
const agent = item({
  id,
  computerName: fc.string(),
  isActive: fc.oneof(fc.boolean(), fc.constantFrom('True', 'False')),
  activeThreats: fc.integer(),
  cloudProviders: fc.oneof(
    fc.constant({}),
    fc.record({ GCP: item({ cloudInstanceId: id, cloudAccount: fc.string(), cloudLocation: fc.string() }) }),
    anything,
  ),
  networkInterfaces: fc.oneof(fc.array(nic), anything),
});

const columnsOf = new Map(
  S1_TABLES.map((t) => [t.name, new Set(['resource_id', ...ownColumns(t).map((c) => c.name)])]),
);

function onlyDeclared(table: string, record: SnapshotRecord): void {
  for (const key of Object.keys(record.row))
    expect(columnsOf.get(table)?.has(key), `${table}.${key}`).toBe(true);
  for (const [child, rows] of Object.entries(record.children ?? {}))
    for (const row of rows)
      for (const key of Object.keys(row))
        expect(columnsOf.get(child)?.has(key), `${child}.${key}`).toBe(true);
}

describe('SentinelOne converters', () => {
  it('convert any agent without throwing, keep its id and flatten a GCP identity', () => {
    fc.assert(
      fc.property(agent, (a) => {
        const r = convertAgent(a);
        onlyDeclared('s1_agents', r);
        expect(r.row.resource_id).toBe(idText(a.id));
        const gcp = (a.cloudProviders as { GCP?: { cloudInstanceId?: string } } | undefined)?.GCP;
        if (gcp?.cloudInstanceId) expect(r.row.cloud_instance_id).toBe(gcp.cloudInstanceId);
        const nics = Array.isArray(a.networkInterfaces) ? a.networkInterfaces : [];
        expect(r.children?.[S1_AGENT_NICS.name]).toHaveLength(nics.length);
      }),
    );
  });

  it('convert any account, site, group, application and risk without throwing', () => {
    fc.assert(
      fc.property(item({ id, name: fc.string(), registrationToken: fc.string() }), id, (x, agentId) => {
        for (const [table, r] of [
          ['s1_accounts', convertAccount(x)],
          ['s1_sites', convertSite(x)],
          ['s1_groups', convertGroup(x)],
          ['s1_application_risks', convertRisk(x)],
        ] as const) {
          onlyDeclared(table, r);
          expect(r.row.resource_id).toBe(idText(x.id));
        }
        // Registration tokens never pass through, only their fingerprint.
        const site = convertSite(x);
        if (typeof x.registrationToken === 'string' && x.registrationToken !== '')
          expect(site.row.registration_token_sha256).toMatch(/^sha256:[0-9a-f]{64}$/);
        const app = convertApplication(agentId, x);
        onlyDeclared('s1_agent_applications', app);
        expect(app.row.resource_id).toBe(
          typeof x.name === 'string' && x.name !== ''
            ? `${agentId}/${x.name}/${typeof x.version === 'string' ? x.version : ''}`
            : undefined,
        );
      }),
    );
  });

  it('reads scores sent as numeric text and booleans sent as "True"', () => {
    expect(
      convertRisk({ id: '1', cveId: 'CVE-2021-44228', baseScore: '10.0', riskScore: 9.5 }).row,
    ).toMatchObject({
      base_score: 10,
      risk_score: 9.5,
    });
    expect(convertAgent({ id: '1', isUpToDate: 'True', infected: 'false' }).row).toMatchObject({
      is_up_to_date: true,
      infected: false,
    });
  });

  it('never stores a registration token', () => {
    const row = convertGroup({ id: '1', registrationToken: 'eyJzZWNyZXQiOiJlbnJvbCJ9' }).row;
    expect(JSON.stringify(row)).not.toContain('eyJzZWNyZXQiOiJlbnJvbCJ9');
    expect(row.registration_token_sha256).toMatch(/^sha256:/);
  });
});
