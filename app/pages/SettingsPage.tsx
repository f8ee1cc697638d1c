import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useCall } from '../api/use-call.ts';
import { ErrorLine, Loading } from '../components/Empty.tsx';

export function SettingsPage() {
  const settings = useCall('settings.get', {});
  const info = useCall('workspace.info', {});
  const [store, setStore] = useState('');
  const [engine, setEngine] = useState('');
  const [note, setNote] = useState<string>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!settings.data) return;
    // A stored PostgreSQL password comes back masked; start from an empty field to keep it.
    setStore(settings.data.store.includes('***') ? '' : settings.data.store);
    setEngine(settings.data.engine);
  }, [settings.data]);
  if (!settings.data) return <Loading />;
  const save = async (): Promise<void> => {
    setError(undefined);
    try {
      await api.call('settings.set', { ...(store ? { store } : {}), engine });
      setNote('Saved. The new store or engine is used after the workbench restarts.');
      settings.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form
      className="panel form"
      data-testid="settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p className="muted">Workspace: {info.data?.home}</p>
      <label>
        Analytical store (DuckDB file or postgres:// URL)
        <input value={store} placeholder={settings.data.store} onChange={(e) => setStore(e.target.value)} />
      </label>
      <p className="muted">Default: {settings.data.defaultStore}</p>
      <label>
        Engine ("local", or a Temporal address host:port)
        <input value={engine} onChange={(e) => setEngine(e.target.value)} />
      </label>
      <ErrorLine error={error} />
      <div className="row">
        <button type="submit" className="primary">
          Save settings
        </button>
        {note && <span className="muted">{note}</span>}
      </div>
    </form>
  );
}
