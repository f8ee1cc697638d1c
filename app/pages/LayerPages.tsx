// Pages over silver and gold tables look their table up in the catalog and say plainly when it
// is not there yet or holds nothing. `useLayerTable` is that lookup; each page builds on it.
import type { ReactElement } from 'react';
import type { TableInfo } from '../../pipeline/service/contract.ts';
import { useCall } from '../api/use-call.ts';
import { ErrorLine, Loading, NotCollected } from '../components/Empty.tsx';

export type LayerTable = { info: TableInfo; state?: undefined } | { info?: undefined; state: ReactElement };

/**
 * The first candidate table that holds rows (else the first that exists), or the element to show
 * instead: loading, an error, "not collected yet" or "empty".
 */
export function useLayerTable(candidates: readonly string[], what: string): LayerTable {
  const tables = useCall('tables.list', { withCounts: true, names: [...candidates] }, { refreshOn: 'runs' });
  if (!tables.data) return { state: tables.error ? <ErrorLine error={tables.error} /> : <Loading /> };
  const present = candidates
    .map((n) => tables.data?.find((t) => t.name === n))
    .filter((t): t is TableInfo => t !== undefined);
  const info = present.find((t) => (t.rows ?? 0) > 0) ?? present[0];
  if (!info)
    return {
      state: (
        <NotCollected title={`${what} are not collected yet`}>
          <p>
            This version has no {candidates.join(' / ')} table. It appears once the{' '}
            {candidates[0]?.split('.')[0]} layer is built; meanwhile the <a href="#/explorer">Explorer</a>{' '}
            shows every collected table.
          </p>
        </NotCollected>
      ),
    };
  if (!info.rows)
    return {
      state: (
        <NotCollected title={`No ${what.toLowerCase()} yet`}>
          <p>
            {info.name} is empty. Launch a run with the normalize and detect stages on the{' '}
            <a href="#/runs">Runs</a> page.
          </p>
        </NotCollected>
      ),
    };
  return { info };
}
