import { useCallback, useEffect, useState } from 'react';
import type { CallInput, CallName, CallResult } from '../../pipeline/service/contract.ts';
import { useEvents } from '../stores/events.ts';
import { api } from './client.ts';

export interface CallState<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * Calls the service when the input changes, and again when `refreshOn` says data may have moved
 * (a run finished, sources changed, alerts were triaged).
 */
export function useCall<N extends CallName>(
  name: N,
  input: CallInput<N>,
  options: { refreshOn?: 'runs' | 'sources' | 'alerts' | 'none'; skip?: boolean } = {},
): CallState<CallResult<N>> {
  const [state, setState] = useState<{ data?: CallResult<N>; error?: string; loading: boolean }>({
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(input);
  const runsRev = useEvents((s) => s.runsRevision);
  const sourcesRev = useEvents((s) => s.sourcesRevision);
  const alertsRev = useEvents((s) => s.alertsRevision);
  // Runs rewrite alerts too, so "alerts" follows both.
  const rev =
    options.refreshOn === 'runs'
      ? runsRev
      : options.refreshOn === 'sources'
        ? sourcesRev
        : options.refreshOn === 'alerts'
          ? `${runsRev}/${alertsRev}`
          : 0;
  useEffect(() => {
    if (options.skip) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api.call(name, JSON.parse(key) as CallInput<N>).then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error: error.message, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [name, key, tick, rev, options.skip]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
