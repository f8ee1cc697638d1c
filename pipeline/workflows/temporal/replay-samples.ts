// One replay sample per production workflow: an input and canned activity results from which a
// history is built (history-builder.ts) and recorded under fixtures/. The bundle test fails for a
// production workflow without a sample, so new workflows get replay coverage.
import type { ListingSummary } from '../../sources/common/summary.ts';
import type { PipelineRunInput, StageResult } from '../pipeline-run.ts';
import type { ActivityResults } from './history-builder.ts';

export interface ReplaySample {
  workflow: string;
  fixture: string;
  input: unknown;
  results: ActivityResults;
}

const stage = (rowsWritten: number): StageResult => ({ rowsWritten, complete: true });

const pipelineInput: PipelineRunInput = {
  sources: [
    { provider: 'gcp', sourceId: 'gcp-prod' },
    { provider: 's1', sourceId: 's1-main' },
    { provider: 'vng', sourceId: 'vng-hcm' },
    { provider: 'fortinet', sourceId: 'fw-edge' },
  ],
  stages: ['ingest', 'normalize', 'detect', 'publish'],
};

const listing = (table: string, scope: string, seen: number): ListingSummary => ({
  table,
  scope,
  seen,
  inserted: seen,
  changed: 0,
  unchanged: 0,
  deleted: 0,
  historyRows: seen,
  rejected: 0,
  rejectedReasons: [],
});

/** Canned GCP activity results: two projects, the second unreadable. */
function gcpResults(name: string, input: unknown): unknown {
  if (name === 'gcp.discoverProjects')
    return { projects: [{ projectId: 'acme-prod' }, { projectId: 'acme-locked' }] };
  if (name === 'gcp.ingestProjects') {
    return {
      listing: listing('bronze.gcp_projects', 'projects', 1),
      failed: [{ project: 'acme-locked', error: 'projects.get in project acme-locked was denied' }],
    };
  }
  const { project, resource } = input as { project: string; resource: string };
  return listing(`bronze.gcp_${resource}`, project, 3);
}

/** Canned results of the other providers' activities: one scope each, everything listed. */
function providerResults(name: string, input: unknown): unknown {
  const i = input as {
    resource?: string;
    siteId?: string;
    vdom?: string;
    region?: string;
    projectId?: string;
  };
  const base = { complete: true, ...listing(`bronze.${i.resource ?? 'x'}`, 'scope', 2) };
  switch (name) {
    case 'vng.discoverScopes':
      return {
        scopes: [{ region: 'hcm-3', projectId: 'pro-1', scope: 'hcm-3/pro-1' }],
        projects: [{ ...base, table: 'bronze.vng_projects', rejected: [] }],
        failedRegions: [],
      };
    case 'vng.collectScope':
      return { ...base, rejected: [] };
    case 's1.collectTenant':
      return {
        sites: [{ id: 'site-1', name: 'HQ', accountId: 'acc-1' }],
        resources: ['groups', 'agents'],
        accountsVisible: true,
        listings: [{ ...base, table: 'bronze.s1_sites', rejections: [] }],
        missingSites: [],
      };
    case 's1.collectSite':
      return { ...base, rejections: [] };
    case 'fortinet.discover':
      return {
        serial: 'FGT60F0000000001',
        hostname: 'fw-hq',
        version: 'v7.4.3',
        build: 2573,
        vdoms: ['root'],
        deviceApi: 'monitor/user/device/query',
        device: listing('bronze.fortinet_devices', 'FGT60F0000000001', 1),
      };
    case 'fortinet.collect':
      return {
        ...listing(`bronze.fortinet_${i.resource ?? 'x'}`, 'FGT60F0000000001/root', 2),
        resource: i.resource,
        pages: 1,
        requests: 1,
      };
    default:
      throw new Error(`no canned result for ${name}`);
  }
}

export const replaySamples: ReplaySample[] = [
  {
    workflow: 'vng.inventory',
    fixture: 'vng-inventory.history.json',
    input: { sourceId: 'vng-hcm' },
    results: providerResults,
  },
  {
    workflow: 's1Inventory',
    fixture: 's1-inventory.history.json',
    input: { sourceId: 's1-main' },
    results: providerResults,
  },
  {
    workflow: 'fortinetInventory',
    fixture: 'fortinet-inventory.history.json',
    input: { sourceId: 'fw-edge' },
    results: providerResults,
  },
  {
    workflow: 'gcpInventory',
    fixture: 'gcp-inventory.history.json',
    input: { sourceId: 'gcp-prod' },
    results: (name, input) => gcpResults(name, input),
  },
  {
    workflow: 'pipelineRun',
    fixture: 'pipeline-run.history.json',
    input: pipelineInput,
    results: (name, input) => {
      if (name.startsWith('gcp.')) return gcpResults(name, input);
      if (/^(vng|s1|fortinet)\./.test(name)) return providerResults(name, input);
      return stage(40);
    },
  },
];
