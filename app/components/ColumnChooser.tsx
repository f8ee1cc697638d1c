import { useState } from 'react';

interface ChoosableColumn {
  id: string;
  getIsVisible(): boolean;
  toggleVisibility(value?: boolean): void;
}

/** Show or hide columns; the export follows the visible set. */
export function ColumnChooser({ columns }: { columns: readonly ChoosableColumn[] }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="chooser">
      <button onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        Columns ({columns.filter((c) => c.getIsVisible()).length}/{columns.length})
      </button>
      {open && (
        <div className="chooser-menu" role="menu">
          <div className="chooser-actions">
            <button onClick={() => columns.forEach((c) => c.toggleVisibility(true))}>all</button>
            <button onClick={() => columns.forEach((c, i) => c.toggleVisibility(i < 6))}>first 6</button>
          </div>
          {columns.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                checked={c.getIsVisible()}
                onChange={(e) => c.toggleVisibility(e.target.checked)}
              />{' '}
              {c.id}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
