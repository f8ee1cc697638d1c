// Add, edit, test and remove sources. Secrets are write-only: the form shows which secrets are
// stored, never their values, and an empty secret field keeps the stored one.
import { useEffect, useState } from 'react';
import type { ProviderInfo, PublicSource, Results } from '../../pipeline/service/contract.ts';
import { api } from '../api/client.ts';
import { useCall } from '../api/use-call.ts';
import { ErrorLine, Loading } from '../components/Empty.tsx';
import { formatTime } from '../components/format.ts';

interface Draft {
  id: string;
  provider: string;
  name: string;
  config: string;
  secrets: Record<string, string>;
  existing: PublicSource | null;
}

function draftFor(provider: ProviderInfo, existing: PublicSource | null): Draft {
  return {
    id: existing?.id ?? '',
    provider: provider.provider,
    name: existing?.name ?? '',
    config: JSON.stringify(existing?.config ?? provider.exampleConfig, null, 2),
    secrets: {},
    existing,
  };
}

function SourceForm(props: { providers: ProviderInfo[]; draft: Draft; onDone(): void; onCancel(): void }) {
  const [draft, setDraft] = useState(props.draft);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(props.draft), [props.draft]);
  const provider = props.providers.find((p) => p.provider === draft.provider) ?? props.providers[0];
  const save = async (): Promise<void> => {
    setError(undefined);
    let config: Record<string, unknown>;
    try {
      config = JSON.parse(draft.config) as Record<string, unknown>;
    } catch {
      setError('The configuration is not valid JSON.');
      return;
    }
    setBusy(true);
    try {
      await api.call('sources.save', {
        id: draft.id.trim(),
        provider: draft.provider,
        ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
        config,
        secrets: draft.secrets,
      });
      props.onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="panel form"
      aria-label="source form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>{draft.existing ? `Edit ${draft.existing.id}` : 'Add a source'}</h2>
      <label>
        Provider
        <select
          value={draft.provider}
          disabled={!!draft.existing}
          onChange={(e) => {
            const p = props.providers.find((x) => x.provider === e.target.value);
            if (p) setDraft({ ...draftFor(p, null), id: draft.id, name: draft.name });
          }}
        >
          {props.providers.map((p) => (
            <option key={p.provider} value={p.provider}>
              {p.provider} — {p.description}
            </option>
          ))}
        </select>
      </label>
      <label>
        Id
        <input
          name="id"
          value={draft.id}
          disabled={!!draft.existing}
          placeholder="e.g. prod-gcp"
          onChange={(e) => setDraft({ ...draft, id: e.target.value })}
          required
        />
      </label>
      <label>
        Name
        <input
          name="name"
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
      </label>
      <label>
        Configuration (JSON, no secrets)
        <textarea
          name="config"
          rows={8}
          value={draft.config}
          onChange={(e) => setDraft({ ...draft, config: e.target.value })}
          spellCheck={false}
        />
      </label>
      {provider?.secretNames.map((name) => {
        const stored = draft.existing?.secretNames.includes(name) ?? false;
        return (
          <label key={name}>
            Secret: {name} {stored && <span className="pill">stored</span>}
            <input
              type="password"
              name={`secret-${name}`}
              autoComplete="new-password"
              placeholder={stored ? 'leave empty to keep the stored value' : 'write-only'}
              value={draft.secrets[name] ?? ''}
              onChange={(e) => setDraft({ ...draft, secrets: { ...draft.secrets, [name]: e.target.value } })}
            />
          </label>
        );
      })}
      <ErrorLine error={error} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save source'}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function SourcesPage() {
  const sources = useCall('sources.list', {}, { refreshOn: 'sources' });
  const providers = useCall('providers.list', {});
  const [draft, setDraft] = useState<Draft | null>(null);
  const [tests, setTests] = useState<Record<string, Results['sources.test'] | { error: string } | 'running'>>(
    {},
  );
  if (!sources.data || !providers.data) return <Loading />;
  const list = providers.data;
  const test = async (id: string): Promise<void> => {
    setTests((t) => ({ ...t, [id]: 'running' }));
    try {
      const result = await api.call('sources.test', { id });
      setTests((t) => ({ ...t, [id]: result }));
    } catch (e) {
      setTests((t) => ({ ...t, [id]: { error: (e as Error).message } }));
    }
  };
  const remove = async (id: string): Promise<void> => {
    if (!window.confirm(`Remove source ${id} and its stored secrets? Collected data stays.`)) return;
    await api.call('sources.remove', { id });
    sources.reload();
  };
  return (
    <div className="stack" data-testid="sources">
      <div className="row">
        <button className="primary" onClick={() => list[0] && setDraft(draftFor(list[0], null))}>
          Add source
        </button>
      </div>
      {draft && (
        <SourceForm
          providers={list}
          draft={draft}
          onCancel={() => setDraft(null)}
          onDone={() => {
            setDraft(null);
            sources.reload();
          }}
        />
      )}
      <ErrorLine error={sources.error} />
      <table className="simple" aria-label="sources">
        <thead>
          <tr>
            <th>id</th>
            <th>provider</th>
            <th>name</th>
            <th>secrets stored</th>
            <th>updated</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sources.data.map((s) => {
            const t = tests[s.id];
            return (
              <tr key={s.id} data-source={s.id}>
                <td>{s.id}</td>
                <td>{s.provider}</td>
                <td>{s.name}</td>
                <td>{s.secretNames.join(', ') || '–'}</td>
                <td>{formatTime(s.updatedAt)}</td>
                <td className="actions">
                  <button onClick={() => void test(s.id)}>Test</button>
                  <button
                    onClick={() => {
                      const p = list.find((x) => x.provider === s.provider);
                      if (p) setDraft(draftFor(p, s));
                    }}
                  >
                    Edit
                  </button>
                  <button onClick={() => void remove(s.id)}>Remove</button>
                  {t === 'running' && <span className="muted">testing…</span>}
                  {t && t !== 'running' && 'error' in t && <span className="error-inline">{t.error}</span>}
                  {t && t !== 'running' && 'checks' in t && (
                    <span
                      className={t.ok ? 'ok-inline' : 'error-inline'}
                      title={t.checks
                        .map((c) => `${c.ok ? 'ok' : 'FAIL'} ${c.check}: ${c.detail}`)
                        .join('\n')}
                    >
                      {t.ok ? 'works' : `${t.checks.filter((c) => !c.ok).length} failing check(s)`}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
          {sources.data.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No sources yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
