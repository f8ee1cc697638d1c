import { describe, expect, it } from 'vitest';
import { implementActivity } from '../define.ts';
import { normalizeActivity } from '../pipeline-run.ts';
import { planWorker } from './worker.ts';

describe('worker plan per task queue', () => {
  it('runs workflows only on the workflow queue and activities on their own queue', () => {
    expect(planWorker('hotpot-workflows', [])).toMatchObject({ runsWorkflows: true, activities: [] });
    const normalize = implementActivity(normalizeActivity, async () => ({ rowsWritten: 0, complete: true }));
    const plan = planWorker('hotpot-normalize', [normalize]);
    expect(plan.runsWorkflows).toBe(false);
    expect(plan.activities.map((a) => a.name)).toEqual(['normalize.silver']);
    expect(plan.missing).toEqual([]);
  });

  it('reports declared but unimplemented stage activities of a queue', () => {
    expect(planWorker('hotpot-ingest-gcp', []).missing.map((a) => a.name)).toEqual([
      'gcp.discoverProjects',
      'gcp.ingestProjects',
      'gcp.ingestResource',
    ]);
  });

  it('rejects an unknown queue with the list of valid ones', () => {
    expect(() => planWorker('hotpot-ingest-aws', [])).toThrow(
      /unknown task queue "hotpot-ingest-aws"; use one of: hotpot-workflows, hotpot-ingest-gcp/,
    );
  });
});
