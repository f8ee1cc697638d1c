import { readFileSync } from 'node:fs';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { productionWorkflows } from '../registry.ts';
import { buildHistory, type HistoryJson } from './history-builder.ts';
import { replaySamples } from './replay-samples.ts';
import { workflowsPath } from './worker.ts';

let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  // Throws on any Node-only import reachable from workflow code.
  bundle = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
}, 120_000);

const replay = (history: HistoryJson, id: string): Promise<void> =>
  Worker.runReplayHistory({ workflowBundle: bundle, replayName: id }, history, id);

describe('Temporal workflow bundle', () => {
  it('bundles every production workflow and has a replay sample for each', () => {
    expect(bundle.code.length).toBeGreaterThan(0);
    for (const w of productionWorkflows) {
      expect(
        replaySamples.map((s) => s.workflow),
        `add a replay sample for ${w.name}`,
      ).toContain(w.name);
    }
  });

  for (const sample of replaySamples) {
    it(`replays the recorded history of ${sample.workflow}`, async () => {
      const history = JSON.parse(
        readFileSync(new URL(`./fixtures/${sample.fixture}`, import.meta.url), 'utf8'),
      ) as HistoryJson;
      await replay(history, `fixture-${sample.workflow}`);
    });

    it(`replays a history freshly built from the model for ${sample.workflow}`, async () => {
      const def = productionWorkflows.find((w) => w.name === sample.workflow)!;
      await replay(await buildHistory(def, sample.input, sample.results), `fresh-${sample.workflow}`);
    });
  }

  it('detects a history the code would not produce (replay really checks commands)', async () => {
    const sample = replaySamples[0]!;
    const def = productionWorkflows.find((w) => w.name === sample.workflow)!;
    const history = await buildHistory(def, sample.input, sample.results);
    const scheduled = history.events.filter((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
    const last = scheduled[scheduled.length - 1]!.activityTaskScheduledEventAttributes as {
      activityType: { name: string };
    };
    last.activityType.name = 'detect.somethingElse';
    await expect(replay(history, 'mutated')).rejects.toThrow(/[Nn]ondeterminism/);
  });
});
