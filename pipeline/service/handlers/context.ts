import type { Catalog } from '../../../db/catalog/catalog.ts';
import type { LocalRuntime } from '../../runtime.ts';
import type { CallName, CallResult, ParsedInput } from '../contract.ts';
import type { ServiceEvent } from '../events.ts';

/** What every handler gets: the process's runtime (workspace, store, engine) and the event bus. */
export interface HandlerContext {
  readonly runtime: LocalRuntime;
  readonly catalog: Catalog;
  emit(event: ServiceEvent): void;
}

export type Handler<N extends CallName> = (
  ctx: HandlerContext,
  input: ParsedInput<N>,
) => Promise<CallResult<N>>;

/** One handler per call name: the compiler checks that none is missing. */
export type Handlers = { [N in CallName]: Handler<N> };
