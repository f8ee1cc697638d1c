// Every production workflow. Bundle-safe: the Temporal workflow bundle imports this file, so a
// workflow added here is bundled and replay-tested automatically (temporal/bundle.test.ts).
import { Registry } from './define.ts';
import { fortinetInventoryWorkflow } from '../sources/fortinet/workflows.ts';
import { gcpInventoryWorkflow } from '../sources/gcp/workflows.ts';
import { s1InventoryWorkflow } from '../sources/s1/workflows.ts';
import { vngInventoryWorkflow } from '../sources/vng/workflows.ts';
import { pipelineRunWorkflow } from './pipeline-run.ts';
import type { AnyWorkflowDef } from './types.ts';

export const productionWorkflows: readonly AnyWorkflowDef[] = [
  pipelineRunWorkflow,
  gcpInventoryWorkflow,
  vngInventoryWorkflow,
  fortinetInventoryWorkflow,
  s1InventoryWorkflow,
] as AnyWorkflowDef[];

export function workflowRegistry(): Registry<AnyWorkflowDef> {
  return new Registry(productionWorkflows);
}
