// One replay sample per production workflow: an input and canned activity results from which a
// history is built (history-builder.ts) and recorded under fixtures/. The bundle test fails for a
// production workflow without a sample, so new workflows get replay coverage.
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

export const replaySamples: ReplaySample[] = [
  {
    workflow: 'pipelineRun',
    fixture: 'pipeline-run.history.json',
    input: pipelineInput,
    results: (name) => {
      if (name === 'ingest.vng') {
        const e = new Error('401 from vng-hcm: credential vng-hcm/client-secret was rejected');
        e.name = 'AuthError';
        throw e;
      }
      return stage(name.startsWith('ingest.') ? 120 : 40);
    },
  },
];
