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

export const replaySamples: ReplaySample[] = [
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
      return stage(40);
    },
  },
];
