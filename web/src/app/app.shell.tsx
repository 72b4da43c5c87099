import { useEffect, useState } from 'react';
import { ApolloProvider } from '@apollo/client';
import { AccountsPage } from '../accounts/accounts.page';
import { ApiKeyForm } from '../auth/api-key.form';
import { forgetApiKey, readApiKey, saveApiKey } from '../auth/api-key.store';
import { createDashboardClient, type DashboardClient } from '../graphql/apollo.client';
import { LiveStatusPill } from './live-status.pill';

export function AppShell() {
  const [apiKey, setApiKey] = useState<string | null>(readApiKey);
  const [client, setClient] = useState<DashboardClient | null>(null);

  // The client is built in an effect, not during render, so that its socket is disposed
  // exactly when the key changes or the shell unmounts (StrictMode mounts twice in dev).
  useEffect(() => {
    if (apiKey === null) {
      setClient(null);
      return;
    }
    const next = createDashboardClient({ apiKey, location: window.location });
    setClient(next);
    return () => next.dispose();
  }, [apiKey]);

  function acceptKey(next: string) {
    saveApiKey(next);
    setApiKey(next);
  }

  function forgetKey() {
    forgetApiKey();
    setApiKey(null);
  }

  if (apiKey === null) return <ApiKeyForm onApiKey={acceptKey} />;
  if (client === null) return null;

  return (
    <ApolloProvider client={client.apollo}>
      <div className="shell">
        <header className="topbar">
          <div className="topbar__inner">
            <div className="brand">
              <span className="brand__mark" aria-hidden="true" />
              Orquesta
            </div>
            <span className="badge badge--test" title="Signed in with a test-mode API key">
              Test mode
            </span>
            <nav className="topbar__nav" aria-label="Sections">
              <a className="topbar__link topbar__link--active" href="/" aria-current="page">
                Accounts
              </a>
            </nav>
            <div className="topbar__spacer" />
            <LiveStatusPill live={client.live} />
            <button className="button button--ghost" type="button" onClick={forgetKey} data-testid="forget-key">
              Forget key
            </button>
          </div>
        </header>
        <AccountsPage onForgetKey={forgetKey} />
      </div>
    </ApolloProvider>
  );
}
