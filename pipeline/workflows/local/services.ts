// What a RunExecutor needs from its engine (kept as an interface so the two files stay small).
import type { WorkflowEvents } from '../events.ts';
import type { Registry } from '../define.ts';
import type { AnyActivityDef } from '../types.ts';
import type { JournalWriter } from './journal.ts';
import type { RunOutcome, RunRecord } from './run-executor.ts';
import type { Db } from './schema.ts';
import type { Semaphore } from './semaphore.ts';

export interface EngineServices {
  readonly db: Db;
  readonly writer: JournalWriter;
  readonly events: WorkflowEvents;
  readonly activities: Registry<AnyActivityDef>;
  now(): number;
  semaphore(taskQueue: string): Semaphore;
  runChild(record: RunRecord, parentSeq: number): Promise<RunOutcome>;
  cancelChildren(parentRunId: string): void;
  finishRun(outcome: RunOutcome, at: number): void;
}
