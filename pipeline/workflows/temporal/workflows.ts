// Entry of the Temporal workflow bundle. One default export serves every registered workflow:
// the SDK calls it for any workflow type not exported by name, and it dispatches on the type.
import {
  ApplicationFailure,
  defineQuery,
  isCancellation,
  setHandler,
  TemporalFailure,
  workflowInfo,
} from '@temporalio/workflow';
import { serializeError } from '../errors.ts';
import { productionWorkflows } from '../registry.ts';
import type { ProgressUpdate, WorkflowDef } from '../types.ts';
import { temporalContext } from './workflow-context.ts';

export const progressQuery = defineQuery<ProgressUpdate | null>('hotpot.progress');

const byName = new Map(productionWorkflows.map((w) => [w.name, w as WorkflowDef<unknown, unknown>]));

export default async function hotpotWorkflow(input: unknown): Promise<unknown> {
  const { workflowType } = workflowInfo();
  const def = byName.get(workflowType);
  if (!def) {
    throw ApplicationFailure.nonRetryable(
      `workflow "${workflowType}" is not in pipeline/workflows/registry.ts`,
      'WorkflowNotRegisteredError',
    );
  }
  let progress: ProgressUpdate | null = null;
  setHandler(progressQuery, () => progress);
  try {
    return await def.fn(
      temporalContext(def.name, (p) => (progress = p)),
      input,
    );
  } catch (error) {
    // A plain Error would only fail the workflow task (and retry it forever); fail the run instead.
    if (isCancellation(error) || error instanceof TemporalFailure) throw error;
    const s = serializeError(error);
    throw ApplicationFailure.create({
      type: s.name,
      message: s.message,
      nonRetryable: true,
      details: s.cause ? [s.cause] : [],
    });
  }
}
