import { useEffect, useState, useSyncExternalStore } from 'react';
import { ApolloProvider, useQuery } from '@apollo/client';
import { AccountsPage } from '../accounts/accounts.page';
import { ReportsPage } from '../reports/reports.page';
import { canMoveMoney, SessionViewerQuery } from '../auth/session-viewer.query';
import type { SessionStore } from '../auth/session.store';
import { SignInPage } from '../auth/sign-in.page';
import { createDashboardClient, type DashboardClient, type DashboardMode } from '../graphql/apollo.client';
import type { LiveConnection } from '../graphql/live-connection.store';
import { LiveStatusPill } from './live-status.pill';
import { ViewerMenu } from './viewer.menu';

interface AppShellProps {
  readonly session: SessionStore;
}

export function AppShell({ session }: AppShellProps) {
  const state = useSyncExternalStore(session.subscribe, session.state);
  const sessionId = state.status === 'signed-in' ? state.grant.sessionId : null;
  // Not remembered across loads: every sign-in and every reload starts in test mode.
  const [mode, setMode] = useState<DashboardMode>('test');
  const [built, setBuilt] = useState<{ readonly key: string; readonly client: DashboardClient } | null>(null);
  const key = sessionId === null ? null : `${sessionId}:${mode}`;

  // One client per session and mode, built in an effect so that its socket is disposed exactly
  // when either changes or the shell unmounts (StrictMode mounts twice in dev).
  useEffect(() => {
    if (sessionId === null || key === null) {
      setBuilt(null);
      setMode('test');
      return;
    }
    const client = createDashboardClient({ mode, session, location: window.location });
    setBuilt({ key, client });
    return () => client.dispose();
  }, [session, sessionId, mode, key]);

  if (state.status === 'restoring') {
    return (
      <main className="sign-in" aria-busy="true" data-testid="session-restoring">
        <p className="muted">Loading…</p>
      </main>
    );
  }
  if (state.status === 'signed-out') return <SignInPage session={session} reason={state.reason} />;
  // The previous session's or mode's client is never rendered, even for one frame.
  if (built === null || built.key !== key) return null;

  return (
    <ApolloProvider client={built.client.apollo}>
      <SignedInShell session={session} live={built.client.live} mode={mode} onModeChange={setMode} />
    </ApolloProvider>
  );
}

interface SignedInShellProps {
  readonly session: SessionStore;
  readonly live: LiveConnection;
  readonly mode: DashboardMode;
  readonly onModeChange: (mode: DashboardMode) => void;
}

function SignedInShell({ session, live, mode, onModeChange }: SignedInShellProps) {
  const { data } = useQuery(SessionViewerQuery);
  const viewer = data?.viewer;
  // Two sections, chosen by path (the gateway serves index.html for /reports).
  const onReports = window.location.pathname.startsWith('/reports');

  return (
    <div className="shell">
      <header className="topbar">
        <div className="topbar__inner">
          <div className="brand">
            <span className="brand__mark" aria-hidden="true" />
            Orquesta
          </div>
          {mode === 'live' ? (
            <span className="badge badge--live" title="Live data: real money" data-testid="mode-badge" data-mode="live">
              Live mode
            </span>
          ) : (
            <span className="badge badge--test" title="Test data only" data-testid="mode-badge" data-mode="test">
              Test mode
            </span>
          )}
          <nav className="topbar__nav" aria-label="Sections">
            <a className={`topbar__link${onReports ? '' : ' topbar__link--active'}`} href="/" aria-current={onReports ? undefined : 'page'}>
              Accounts
            </a>
            <a className={`topbar__link${onReports ? ' topbar__link--active' : ''}`} href="/reports" aria-current={onReports ? 'page' : undefined}>
              Reports
            </a>
          </nav>
          <div className="topbar__spacer" />
          <LiveStatusPill live={live} />
          <ViewerMenu viewer={viewer} mode={mode} onModeChange={onModeChange} onSignOut={() => session.signOut()} />
        </div>
      </header>
      {onReports ? <ReportsPage /> : <AccountsPage canMoveMoney={canMoveMoney(viewer?.role)} onSessionRefused={() => session.expire()} />}
    </div>
  );
}
