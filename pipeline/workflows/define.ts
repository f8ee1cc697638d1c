// Typed helpers to declare activities and workflows once for both engines. Bundle-safe.
import { resolveActivityOptions } from './retry.ts';
import type {
  ActivityDef,
  ActivityFn,
  ActivityOptionsInput,
  ActivityRef,
  AnyActivityDef,
  AnyWorkflowDef,
  WorkflowDef,
  WorkflowFn,
} from './types.ts';

/**
 * Declares an activity without its implementation. Workflow code imports refs only, so the
 * Temporal workflow bundle never pulls in HTTP clients, SQLite or other Node-only code.
 */
export function declareActivity<I, O>(name: string, options: ActivityOptionsInput): ActivityRef<I, O> {
  return Object.freeze({ kind: 'activity', name, options: resolveActivityOptions(options) });
}

/** Binds an implementation to a declared activity. */
export function implementActivity<I, O>(ref: ActivityRef<I, O>, fn: ActivityFn<I, O>): ActivityDef<I, O> {
  return Object.freeze({ kind: 'activity', name: ref.name, options: ref.options, fn });
}

/** Declares and implements in one go, for activities whose workflow lives beside them in Node-only code. */
export function defineActivity<I, O>(
  name: string,
  options: ActivityOptionsInput,
  fn: ActivityFn<I, O>,
): ActivityDef<I, O> {
  return implementActivity(declareActivity<I, O>(name, options), fn);
}

export function defineWorkflow<I, O>(name: string, fn: WorkflowFn<I, O>): WorkflowDef<I, O> {
  return Object.freeze({ kind: 'workflow', name, fn });
}

/** Name-indexed set of definitions; rejects two different definitions under one name. */
export class Registry<T extends AnyActivityDef | AnyWorkflowDef> {
  readonly #byName = new Map<string, T>();

  constructor(defs: Iterable<T> = []) {
    for (const def of defs) this.add(def);
  }

  add(def: T): this {
    const existing = this.#byName.get(def.name);
    if (existing && existing !== def) throw new Error(`two definitions are registered as "${def.name}"`);
    this.#byName.set(def.name, def);
    return this;
  }

  get(name: string): T | undefined {
    return this.#byName.get(name);
  }

  list(): T[] {
    return [...this.#byName.values()];
  }
}
