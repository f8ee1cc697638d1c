import { transportKind } from './api/client.ts';
import { useCall } from './api/use-call.ts';
import { AgentPage } from './pages/AgentPage.tsx';
import { AlertsPage } from './pages/AlertsPage.tsx';
import { AssetsPage } from './pages/AssetsPage.tsx';
import { CompliancePage } from './pages/CompliancePage.tsx';
import { ExplorerPage } from './pages/ExplorerPage.tsx';
import { OverviewPage } from './pages/OverviewPage.tsx';
import { PublishPage } from './pages/PublishPage.tsx';
import { RunsPage } from './pages/RunsPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { SourcesPage } from './pages/SourcesPage.tsx';
import { useEvents } from './stores/events.ts';
import { PAGES, useRoute, type PageId } from './stores/route.ts';

const TITLES: Record<PageId, string> = {
  overview: 'Overview',
  sources: 'Sources',
  runs: 'Runs',
  explorer: 'Explorer',
  assets: 'Assets',
  alerts: 'Alerts',
  compliance: 'Compliance',
  agent: 'Agent',
  publish: 'Publish',
  settings: 'Settings',
};

function Page({ page }: { page: PageId }) {
  switch (page) {
    case 'overview':
      return <OverviewPage />;
    case 'sources':
      return <SourcesPage />;
    case 'runs':
      return <RunsPage />;
    case 'explorer':
      return <ExplorerPage />;
    case 'assets':
      return <AssetsPage />;
    case 'alerts':
      return <AlertsPage />;
    case 'compliance':
      return <CompliancePage />;
    case 'agent':
      return <AgentPage />;
    case 'publish':
      return <PublishPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

export function App() {
  const page = useRoute((r) => r.page);
  const info = useCall('workspace.info', {});
  const running = useEvents((s) => Object.values(s.runs).filter((r) => r.status === 'running').length);
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="pages">
        <div className="brand">Hotpot</div>
        {PAGES.map((p) => (
          <a
            key={p}
            href={`#/${p}`}
            className={p === page ? 'active' : ''}
            aria-current={p === page ? 'page' : undefined}
          >
            {TITLES[p]}
            {p === 'runs' && running > 0 && <span className="badge">{running}</span>}
          </a>
        ))}
        <div className="sidebar-foot muted">
          {transportKind === 'electron' ? 'desktop' : 'browser mode'}
          {info.data && <div title={info.data.home}>v{info.data.version}</div>}
        </div>
      </nav>
      <main className="content">
        <h1>{TITLES[page]}</h1>
        {info.error && <div className="error">Cannot reach the workbench service: {info.error}</div>}
        <Page page={page} />
      </main>
    </div>
  );
}
