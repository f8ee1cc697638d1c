// The side panel of a detail view (an alert, an asset): title, close button, and the body once
// its data has arrived.
import type { ReactNode } from 'react';
import { ErrorLine, Loading } from './Empty.tsx';

export function DetailPanel(props: {
  testId: string;
  title: ReactNode;
  wide?: boolean;
  onClose(): void;
  /** Loading until `ready`; then the children, unless the call failed. */
  ready: boolean;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <aside className={props.wide ? 'detail-panel wide' : 'detail-panel'} data-testid={props.testId}>
      <div className="row">
        <h3 className="grow">{props.title}</h3>
        <button onClick={props.onClose} aria-label="close">
          ×
        </button>
      </div>
      {props.ready ? props.children : props.error ? <ErrorLine error={props.error} /> : <Loading />}
    </aside>
  );
}
