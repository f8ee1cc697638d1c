import { errorMessage } from '../../../db/errors.ts';
import { AgentError } from '../errors.ts';

/** How to point the agent at a model; appended to every "cannot reach a model" message. */
export const CONFIGURE_HINT =
  'Start Ollama there ("ollama serve", then "ollama pull <model>"), or choose another provider: ' +
  'hotpot ask --provider ollama|openai|vertex --host URL --model NAME "…" (add --save to keep them as ' +
  'the workspace settings agent.provider, agent.host and agent.model).';

/** The root cause of a failed fetch (undici hides ECONNREFUSED and friends in `cause`). */
export function networkCause(error: unknown): string {
  let current: unknown = error;
  for (let i = 0; i < 4 && current instanceof Error && current.cause; i++) current = current.cause;
  const code = (current as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${code}: ${errorMessage(current)}` : errorMessage(current);
}

export function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  return (
    error instanceof TypeError &&
    /fetch failed|network|ECONN|ENOTFOUND|EHOSTUNREACH/i.test(`${error.message} ${networkCause(error)}`)
  );
}

export function unreachable(provider: string, host: string, error: unknown): AgentError {
  return new AgentError(
    `No model reachable: ${provider} at ${host} did not answer (${networkCause(error)}). ${CONFIGURE_HINT}`,
    'MODEL_UNREACHABLE',
    { cause: error },
  );
}
