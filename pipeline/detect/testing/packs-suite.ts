import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Scale } from '../../../sandbox/world/types.ts';
import { catalog as productCatalog } from '../../../db/catalog/index.ts';
import type { Store } from '../../../db/store/types.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/index.ts';
import { PLANTED_RULE_IDS } from '../../../sandbox/world/rules.ts';
import type { Truth } from '../../../sandbox/world/truth.ts';
import { fortinetInventoryWorkflow } from '../../sources/fortinet/workflows.ts';
import { gcpInventoryWorkflow } from '../../sources/gcp/workflows.ts';
import { sandboxWorkspace, type SandboxWorkspace } from '../../sources/testing/sandbox-workspace.ts';
import { vngInventoryWorkflow } from '../../sources/vng/workflows.ts';
import { runDetection, type DetectResult } from '../engine.ts';
import { ensureEolReference } from '../eol/reference.ts';
import { loadRules } from '../loader.ts';
import { ensureGoldTables } from './gold-tables.ts';
import { writeSilverFixture } from './silver-fixture.ts';

// Tests only. Built-in packs against a sandbox world: bronze rules run on really ingested GCP, VNG and
// FortiGate data; silver rules on a silver fixture taken from the world. Every planted rule must
// alarm on exactly the planted resources.

interface FortiEndpoint {
  apiToken: string;
  certificateSha256: string;
  devices: { serial: string; hostname: string; baseUrl: string }[];
}

/** Registers the suite for one sandbox scale (one test file per scale, so slow ones can be skipped). */
export function packsSuite(scale: Scale): void {
  describe(`built-in packs against the sandbox (${scale})`, () => {
    let sb: RunningSandbox;
    let ws: SandboxWorkspace;
    let store: Store;
    let truth: Truth;
    let result: DetectResult;

    beforeAll(async () => {
      sb = await startSandbox({ seed: 11, scale });
      ws = await sandboxWorkspace(sb, ['gcp', 'vng', 'fortinet']);
      // The sandbox serves several FortiGates; `--configure` adds the first, the test adds the rest.
      const forti = sb.endpoints.providers.fortinet as unknown as FortiEndpoint;
      const fortiSources = forti.devices.map((d, i) => {
        const id = i === 0 ? 'sandbox-fortinet' : `sandbox-fortinet-${d.serial.toLowerCase()}`;
        if (i > 0)
          ws.runtime.workspace.sources.save({
            id,
            provider: 'fortinet',
            name: d.hostname,
            config: { baseUrl: d.baseUrl, certificateSha256: forti.certificateSha256 },
            secrets: { apiToken: forti.apiToken },
          });
        return [fortinetInventoryWorkflow, id] as const;
      });
      for (const [wf, sourceId] of [
        [gcpInventoryWorkflow, 'sandbox-gcp'] as const,
        [vngInventoryWorkflow, 'sandbox-vng'] as const,
        ...fortiSources,
      ]) {
        const outcome = await ws.run(wf, { sourceId });
        if (outcome.status !== 'completed') throw new Error(`${sourceId}: ${outcome.error.message}`);
      }
      store = await ws.runtime.env.store();
      truth = (await (await fetch(`${sb.url}/_sandbox/truth`)).json()) as Truth;
      await ensureGoldTables(store);
      const now = new Date(truth.now);
      await writeSilverFixture(store, sb.world(), truth, new Date(now.getTime() - 60_000));
      const catalog = productCatalog;
      await ensureEolReference(store, catalog, now);
      const { rules, problems } = loadRules();
      expect(problems).toEqual([]);
      result = await runDetection(store, catalog, rules, { now });
    }, 600_000);
    afterAll(async () => {
      await ws?.dispose();
      await sb?.stop();
    });

    test('no built-in rule errors', () => {
      expect(result.errors).toEqual([]);
      expect(result.rules.length).toBeGreaterThanOrEqual(28);
    });

    test.each(PLANTED_RULE_IDS)('%s alarms on exactly the planted resources', async (ruleId) => {
      const rows = await store.query<{ resource: string; detail: string | null }>(
        "SELECT resource, json_extract_string(dimensions_json, '$.detail') AS detail FROM gold.compliance WHERE rule_id = $1 AND status = 'alarm'",
        [ruleId],
      );
      const expected = truth.findings[ruleId].map((f) => f.id).sort();
      expect(rows.map((r) => r.resource).sort()).toEqual(expected);
      // Where the truth gives a detail (ports, CVEs, version, policy name), the rule gives the same.
      const details = new Map(rows.map((r) => [r.resource, r.detail]));
      for (const f of truth.findings[ruleId])
        if (f.detail !== undefined && details.get(f.id) !== null && ruleId !== 'cis_gcp.3.1')
          expect({ id: f.id, detail: details.get(f.id) }).toEqual({ id: f.id, detail: f.detail });
    });

    test('every planted rule has planted findings to compare (the world is not empty)', () => {
      const empty = PLANTED_RULE_IDS.filter((id) => truth.findings[id].length === 0);
      expect(empty).toEqual([]);
    });

    test('OS end of life follows the reference data', async () => {
      const rows = await store.query<{ resource: string; status: string; product: string | null }>(
        "SELECT resource, status, json_extract_string(dimensions_json, '$.product') AS product FROM gold.compliance WHERE rule_id = 'eol.os_end_of_life'",
      );
      const byMachine = new Map(rows.map((r) => [r.resource, r]));
      const now = Date.parse(truth.now);
      for (const m of sb.world().machines) {
        const r = byMachine.get(m.id);
        if (m.os.family === 'other' || m.os.name.startsWith('Container-Optimized')) {
          expect(r?.status, m.os.name).toBe('skip');
          continue;
        }
        // CentOS 7 ended 2024-06-30, Windows 10 22H2 on 2025-10-14, RHEL-like 8 lives until 2029.
        if (m.os.name === 'CentOS')
          expect(r, m.os.name).toMatchObject({
            product: 'centos',
            status: now > Date.parse('2024-06-30') ? 'alarm' : 'ok',
          });
        if (m.os.name.startsWith('Rocky'))
          expect(r, m.os.name).toMatchObject({ product: 'rocky-linux', status: 'ok' });
        if (m.os.name.startsWith('Windows Server 2019')) expect(r?.product).toBe('windows-server');
        if (m.os.name.startsWith('Windows 10'))
          expect(r, m.os.name).toMatchObject({
            product: 'windows',
            status: now > Date.parse('2025-10-14') ? 'alarm' : 'ok',
          });
        if (m.os.name === 'macOS') expect(r?.product).toBe('macos');
      }
    });

    test('alerts open for every alarm and asset summaries exist', async () => {
      const [a] = await store.query<{ n: number }>(
        "SELECT count(*) AS n FROM gold.alerts WHERE status = 'open'",
      );
      const [c] = await store.query<{ n: number }>(
        "SELECT count(*) AS n FROM gold.compliance WHERE status = 'alarm'",
      );
      expect(Number(a?.n)).toBe(Number(c?.n));
      expect(result.assets).toBe(sb.world().machines.length);
    });
  });
}
