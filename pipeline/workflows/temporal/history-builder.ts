// Builds a Temporal event history offline by driving a workflow definition with a recording
// context: each activation's commands become scheduled events, every outstanding activity then
// completes (with canned results) before the next workflow task. Replaying such a history on the
// bundled workflow code checks that the Temporal adapter issues exactly the commands the model
// issues. Supports activities and timers (children: not yet).
import type { ActivityRef, AnyWorkflowDef, WorkflowContext, WorkflowDef } from '../types.ts';

export interface HistoryJson {
  events: Array<Record<string, unknown>>;
}

/** Canned activity outcome: return a value, or throw to record an ActivityTaskFailed. */
export type ActivityResults = (activityName: string, input: unknown) => unknown;

interface Pending {
  kind: 'activity' | 'timer';
  id: string;
  name: string;
  input: unknown;
  taskQueue: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  scheduledEventId?: number;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');
export const payload = (v: unknown): Record<string, unknown> =>
  v === undefined
    ? { metadata: { encoding: b64('binary/null') } }
    : { metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify(v)) };
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

export async function buildHistory(
  def: AnyWorkflowDef,
  input: unknown,
  results: ActivityResults,
  options: { workflowId?: string; taskQueue?: string; startTime?: number } = {},
): Promise<HistoryJson> {
  const taskQueue = options.taskQueue ?? 'hotpot-workflows';
  const workflowId = options.workflowId ?? 'replay-fixture';
  const t0 = options.startTime ?? Date.parse('2025-01-01T00:00:00Z');
  const events: Array<Record<string, unknown>> = [];
  const add = (eventType: string, key: string, attrs: Record<string, unknown>): number => {
    const eventId = events.length + 1;
    events.push({
      eventId: String(eventId),
      eventTime: new Date(t0 + eventId * 1000).toISOString(),
      eventType: `EVENT_TYPE_${eventType}`,
      [key]: attrs,
    });
    return eventId;
  };
  const workflowTask = (): number => {
    const s = add('WORKFLOW_TASK_SCHEDULED', 'workflowTaskScheduledEventAttributes', {
      taskQueue: { name: taskQueue },
      startToCloseTimeout: '10s',
      attempt: 1,
    });
    const st = add('WORKFLOW_TASK_STARTED', 'workflowTaskStartedEventAttributes', {
      scheduledEventId: String(s),
      identity: 'history-builder',
      requestId: `wt-${s}`,
    });
    // coreUsedFlags: makes the replayer check activity ids and types, as in histories of current SDKs.
    return add('WORKFLOW_TASK_COMPLETED', 'workflowTaskCompletedEventAttributes', {
      scheduledEventId: String(s),
      startedEventId: String(st),
      identity: 'history-builder',
      sdkMetadata: { coreUsedFlags: [1, 2, 3] },
    });
  };

  add('WORKFLOW_EXECUTION_STARTED', 'workflowExecutionStartedEventAttributes', {
    workflowType: { name: def.name },
    taskQueue: { name: taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
    input: { payloads: [payload(input)] },
    workflowTaskTimeout: '10s',
    originalExecutionRunId: 'run-1',
    firstExecutionRunId: 'run-1',
    attempt: 1,
    identity: 'history-builder',
  });

  const outstanding: Pending[] = [];
  let fresh: Pending[] = [];
  let activitySeq = 0;
  let timerSeq = 0;
  const ctx: WorkflowContext = {
    runId: workflowId,
    workflowName: def.name,
    activity: <I, O>(ref: ActivityRef<I, O>, actInput: I) =>
      new Promise<O>((resolve, reject) => {
        fresh.push({
          kind: 'activity',
          id: String(++activitySeq),
          name: ref.name,
          input: actInput,
          taskQueue: ref.options.taskQueue,
          resolve: resolve as (v: unknown) => void,
          reject,
        });
      }),
    child: () => Promise.reject(new Error('history-builder does not support child workflows yet')),
    sleep: (ms: number) =>
      new Promise<void>((resolve, reject) => {
        fresh.push({
          kind: 'timer',
          id: String(++timerSeq),
          name: 'timer',
          input: ms,
          taskQueue: '',
          resolve: () => resolve(),
          reject,
        });
      }),
    now: () => t0,
    progress: () => undefined,
  };

  let outcome: { ok: true; value: unknown } | { ok: false; error: Error } | undefined;
  let completedEventId = workflowTask();
  void (def as WorkflowDef<unknown, unknown>).fn(ctx, input).then(
    (value) => (outcome = { ok: true, value }),
    (error: unknown) => (outcome = { ok: false, error: error as Error }),
  );
  for (;;) {
    await turn();
    for (const p of fresh) {
      p.scheduledEventId =
        p.kind === 'activity'
          ? add('ACTIVITY_TASK_SCHEDULED', 'activityTaskScheduledEventAttributes', {
              activityId: p.id,
              activityType: { name: p.name },
              taskQueue: { name: p.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
              input: { payloads: [payload(p.input)] },
              workflowTaskCompletedEventId: String(completedEventId),
            })
          : add('TIMER_STARTED', 'timerStartedEventAttributes', {
              timerId: p.id,
              startToFireTimeout: `${Number(p.input) / 1000}s`,
              workflowTaskCompletedEventId: String(completedEventId),
            });
      outstanding.push(p);
    }
    fresh = [];
    if (outcome) break;
    if (outstanding.length === 0)
      throw new Error(`workflow ${def.name} is waiting on nothing the builder can complete`);
    for (const p of outstanding.splice(0)) {
      const sid = String(p.scheduledEventId);
      if (p.kind === 'timer') {
        add('TIMER_FIRED', 'timerFiredEventAttributes', { timerId: p.id, startedEventId: sid });
        p.resolve(undefined);
        continue;
      }
      const started = String(
        add('ACTIVITY_TASK_STARTED', 'activityTaskStartedEventAttributes', {
          scheduledEventId: sid,
          identity: 'history-builder',
          requestId: `a-${sid}`,
          attempt: 1,
        }),
      );
      try {
        const value = results(p.name, p.input);
        add('ACTIVITY_TASK_COMPLETED', 'activityTaskCompletedEventAttributes', {
          scheduledEventId: sid,
          startedEventId: started,
          result: { payloads: [payload(value)] },
          identity: 'history-builder',
        });
        p.resolve(value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
      } catch (error) {
        const e = error as Error;
        add('ACTIVITY_TASK_FAILED', 'activityTaskFailedEventAttributes', {
          scheduledEventId: sid,
          startedEventId: started,
          identity: 'history-builder',
          retryState: 'RETRY_STATE_NON_RETRYABLE_FAILURE',
          failure: {
            message: e.message,
            source: 'TypeScriptSDK',
            applicationFailureInfo: { type: e.name, nonRetryable: true },
          },
        });
        p.reject(e);
      }
    }
    completedEventId = workflowTask();
  }
  if (outcome.ok) {
    add('WORKFLOW_EXECUTION_COMPLETED', 'workflowExecutionCompletedEventAttributes', {
      result: { payloads: [payload(outcome.value)] },
      workflowTaskCompletedEventId: String(completedEventId),
    });
  } else {
    add('WORKFLOW_EXECUTION_FAILED', 'workflowExecutionFailedEventAttributes', {
      failure: {
        message: outcome.error.message,
        source: 'TypeScriptSDK',
        applicationFailureInfo: { type: outcome.error.name, nonRetryable: true },
      },
      retryState: 'RETRY_STATE_RETRY_POLICY_NOT_SET',
      workflowTaskCompletedEventId: String(completedEventId),
    });
  }
  return { events };
}
