// A short list of rows (an asset's software, an alert's events) as a plain table: for lists the
// service already capped, where paging and virtualisation would only get in the way.
import type { ReactNode } from 'react';
import type { Row } from '../../pipeline/service/contract.ts';
import { cellText } from './format.ts';

export interface RowsTableColumn {
  key: string;
  label?: string;
  render?: (row: Row) => ReactNode;
}

export function RowsTable(props: {
  label: string;
  rows: readonly Row[];
  columns: readonly RowsTableColumn[];
  empty: string;
}) {
  if (props.rows.length === 0) return <p className="muted">{props.empty}</p>;
  return (
    <table className="simple" aria-label={props.label}>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th key={c.key}>{c.label ?? c.key.replace(/_/g, ' ')}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, i) => (
          <tr key={i}>
            {props.columns.map((c) => (
              <td key={c.key}>{c.render ? c.render(row) : cellText(row[c.key])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Severity({ value }: { value: unknown }) {
  const text = cellText(value) || 'info';
  return <span className={`sev sev-${text}`}>{text}</span>;
}
