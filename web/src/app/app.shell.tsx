import { Suspense, useEffect, useState, useSyncExternalStore } from 'react';
import { ApolloProvider, useQuery } from '@apollo/client';
import { canMoveMoney, SessionViewerQuery } from '../auth/session-viewer.query';
import type { SessionStore } from '../auth/session.store';
import { ForgotPasswordPage } from '../auth/forgot-password.page';
import { SignInPage } from '../auth/sign-in.page';
import { SignUpPage } from '../auth/sign-up.page';
import { createDashboardClient, type DashboardClient, type DashboardMode } from '../graphql/apollo.client';
import type { LiveConnection } from '../graphql/live-connection.store';
import { Skeleton } from '../ui/page.components';
import { DashboardContext } from './dashboard.context';
import { GlobalSearch } from './global-search.dialog';
import { LiveStatusPill } from './live-status.pill';
import { NotFoundPage } from './not-found.page';
import { NotificationsMenu } from './notifications.menu';
import { Link, matchPath, navigate, useLocation } from './router';
import { NAVIGATION, ROUTES } from './routes';
import { ThemeSwitch } from './theme.switch';
import { ViewerMenu } from './viewer.menu';

interface AppShellProps {
  readonly session: SessionStore;
}

const SIGNED_OUT_PATHS = ['/sign-in', '/sign-up', '/forgot-password'];

export function AppShell({ session }: AppShellProps) {
  const state = useSyncExternalStore(session.subscribe, session.state);
  const { pathname } = useLocation();
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

  // Signed in on a sign-in, sign-up or reset screen: go to the overview.
  useEffect(() => {
    if (state.status === 'signed-in' && SIGNED_OUT_PATHS.includes(pathname)) navigate('/', { replace: true });
  }, [state.status, pathname]);

  if (state.status === 'restoring') {
    return (
      <main className="sign-in" aria-busy="true" data-testid="session-restoring">
        <p className="muted">Loading…</p>
      </main>
    );
  }
  if (state.status === 'signed-out') {
    if (pathname === '/sign-up') return <SignUpPage session={session} />;
    if (pathname === '/forgot-password') return <ForgotPasswordPage />;
    return <SignInPage session={session} reason={state.reason} />;
  }
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
  const { pathname } = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  const role = viewer?.role;
  const context = {
    mode,
    role,
    canMoveMoney: canMoveMoney(role),
    canManage: role === 'OWNER' || role === 'ADMIN',
    onSessionRefused: () => session.expire(),
  };

  // Closing the drawer on navigation, so a phone shows the page that was picked.
  useEffect(() => setNavOpen(false), [pathname]);

  const match = matchRoute(pathname);
  const Page = match?.route.page;

  return (
    <DashboardContext.Provider value={context}>
      <div className={`shell shell--${mode}`}>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {mode === 'test' ? (
          <div className="mode-banner mode-banner--test" role="note" data-testid="mode-badge" data-mode="test">
            <strong>Test mode</strong>
            <span className="mode-banner__text">You are looking at test data: no real money moves.</span>
          </div>
        ) : (
          <div className="mode-banner mode-banner--live" role="note" data-testid="mode-badge" data-mode="live">
            <strong>Live mode</strong>
            <span className="mode-banner__text">Real money.</span>
          </div>
        )}
        <header className="topbar">
          <div className="topbar__inner">
            <button
              type="button"
              className="button button--ghost topbar__menu"
              aria-expanded={navOpen}
              aria-controls="sidebar"
              onClick={() => setNavOpen((open) => !open)}
              data-testid="nav-toggle"
            >
              <span aria-hidden="true">☰</span>
              <span className="visually-hidden">Menu</span>
            </button>
            <Link to="/" className="brand" aria-label="Orquesta overview">
              <span className="brand__mark" aria-hidden="true" />
              <span className="brand__name">Orquesta</span>
            </Link>
            <GlobalSearch />
            <div className="topbar__spacer" />
            <NotificationsMenu />
            <ThemeSwitch />
            <ViewerMenu viewer={viewer} mode={mode} onModeChange={onModeChange} onSignOut={() => session.signOut()} />
          </div>
        </header>
        <div className="layout">
          <nav id="sidebar" className={navOpen ? 'sidebar sidebar--open' : 'sidebar'} aria-label="Sections" data-testid="sidebar">
            {NAVIGATION.map((group) => (
              <div key={group.label} className="sidebar__group">
                <p className="sidebar__label">{group.label}</p>
                <ul>
                  {group.links.map((link) => {
                    const active = link.to === '/' ? pathname === '/' : pathname === link.to || pathname.startsWith(`${link.to}/`);
                    return (
                      <li key={link.to}>
                        <Link to={link.to} className={active ? 'sidebar__link sidebar__link--active' : 'sidebar__link'} aria-current={active ? 'page' : undefined}>
                          {link.label}
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              </div>
            ))}
            <div className="sidebar__footer">
              <LiveStatusPill live={live} />
            </div>
          </nav>
          <main id="main" className="page" tabIndex={-1} data-testid="page" data-route={match?.route.path ?? 'not-found'}>
            {/* Keyed by route so a page's state does not leak into the next one. */}
            <Suspense key={match?.route.path ?? 'not-found'} fallback={<Skeleton label="Loading page" />}>
              {Page && match ? <Page params={match.params} /> : <NotFoundPage />}
            </Suspense>
          </main>
        </div>
      </div>
    </DashboardContext.Provider>
  );
}

function matchRoute(pathname: string) {
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return undefined;
}
