import type { ReactNode } from 'react';

/** The state of a page whose data has not been collected (or whose layer is not built yet). */
export function NotCollected({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state" data-testid="not-collected">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

export function Loading() {
  return <div className="muted">Loading…</div>;
}

export function ErrorLine({ error }: { error: string | undefined }) {
  return error ? <div className="error">{error}</div> : null;
}
