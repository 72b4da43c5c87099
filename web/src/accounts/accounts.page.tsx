import { useEffect, useId, useState } from 'react';
import { useApolloClient, useQuery } from '@apollo/client';
import { useDashboard } from '../app/dashboard.context';
import { useDebouncedValue } from '../app/debounced-value.hook';
import { useSearchParams } from '../app/router';
import { PageHeader, Pager } from '../ui/page.components';
import { graphql } from '../gql';
import { describeError, errorCode } from '../graphql/graphql-error.messages';
import { RecentTransfers, RecentTransfersQuery } from '../transfers/recent-transfers.list';
import { TransferAccountsQuery, TransferCreateForm } from '../transfers/transfer-create.form';
import { AccountCreateForm } from './account-create.form';
import { AccountRow } from './account-row.component';

const AccountsPageQuery = graphql(`
  query AccountsPage($first: Int!, $after: String, $filter: AccountFilter) {
    accounts(first: $first, after: $after, filter: $filter) {
      nodes {
        id
        ...AccountRowFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

// Each row costs about 100 in the gateway's query cost (Apollo adds __typename everywhere).
const ACCOUNTS_PAGE_SIZE = 25;
// Each live row is one subscription on the shared socket and one listener in the gateway.
// Today every listed row is live; the bound stays explicit for when the page grows.
const LIVE_ROWS_MAX = 25;
const SEARCH_DEBOUNCE_MS = 250;
const SEARCH_LENGTH_MAX = 100;
const SKELETON_ROWS = 4;

export default function AccountsPage() {
  // The role may create accounts and move money (a convenience: the server checks it anyway).
  const { canMoveMoney, onSessionRefused } = useDashboard();
  const searchId = useId();
  const client = useApolloClient();
  const [params, updateParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('search') ?? '');
  const searchTerm = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  // The search is in the URL, so a filtered list can be shared and survives a reload.
  useEffect(() => {
    if ((params.get('search') ?? '') !== searchTerm) updateParams({ search: searchTerm });
    // Only the settled term drives the URL; reading params here would loop on our own update.
  }, [searchTerm]);
  const { data, previousData, loading, error, refetch } = useQuery(AccountsPageQuery, {
    variables: { first: ACCOUNTS_PAGE_SIZE, after: params.get('after'), filter: searchTerm.length > 0 ? { search: searchTerm } : null },
    fetchPolicy: 'cache-and-network',
  });
  // Keep showing the previous result while a new search is in flight, instead of flashing
  // back to the loading state on each keystroke.
  const accounts = (data ?? previousData)?.accounts;
  const searching = loading && accounts !== undefined;

  return (
    <>
      <PageHeader
        title="Accounts"
        subtitle="People and businesses on your platform, and the money between them. Changes made anywhere show up here as they happen."
      />

      {/* A new account can be paid from or to at once: the transfer form's list is refreshed too. */}
      {canMoveMoney && (
        <AccountCreateForm onCreated={() => Promise.all([refetch(), client.refetchQueries({ include: [TransferAccountsQuery] })])} />
      )}

      {canMoveMoney && <TransferCreateForm onTransferred={() => client.refetchQueries({ include: [RecentTransfersQuery] })} />}

      <section className="card card--flush accounts-list" aria-label="Accounts list">
        <div className="toolbar">
          <label className="search" htmlFor={searchId}>
            <span className="visually-hidden">Search accounts</span>
            <svg className="search__icon" viewBox="0 0 20 20" aria-hidden="true">
              <path d="M8.5 3a5.5 5.5 0 0 1 4.38 8.82l3.65 3.65-1.06 1.06-3.65-3.65A5.5 5.5 0 1 1 8.5 3Zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z" />
            </svg>
            <input
              id={searchId}
              className="input search__input"
              type="search"
              placeholder="Search by name or email"
              value={search}
              maxLength={SEARCH_LENGTH_MAX}
              onChange={(event) => setSearch(event.target.value)}
              data-testid="accounts-search"
            />
          </label>
          <span className="toolbar__meta" data-testid="accounts-count" aria-live="polite">
            {searching ? 'Searching…' : accounts ? countLabel(accounts.nodes.length, accounts.pageInfo.hasNextPage) : ''}
          </span>
        </div>

        {error && (
          <div className="alert alert--error alert--inset" role="alert" data-testid="accounts-error">
            <span>{describeError(error)}</span>
            {errorCode(error) === 'UNAUTHENTICATED' ? (
              <button className="button button--small" type="button" onClick={onSessionRefused}>
                Sign in again
              </button>
            ) : (
              <button className="button button--small" type="button" onClick={() => void refetch().catch(() => undefined)}>
                Try again
              </button>
            )}
          </div>
        )}

        {accounts === undefined ? (
          loading && <AccountsLoading />
        ) : accounts.nodes.length === 0 ? (
          <AccountsEmpty searchTerm={searchTerm} />
        ) : (
          <table className="table table--cards" data-testid="accounts-table">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Type</th>
                <th scope="col">Verification</th>
                <th scope="col">Agents</th>
                <th scope="col">Balances</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span className="visually-hidden">Live</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.nodes.map((account, index) => (
                <AccountRow key={account.id} account={account} live={index < LIVE_ROWS_MAX} />
              ))}
            </tbody>
          </table>
        )}

        <Pager pageInfo={accounts?.pageInfo} shown={accounts?.nodes.length ?? 0} />
      </section>

      <RecentTransfers />
    </>
  );
}

function countLabel(count: number, more: boolean): string {
  if (more) return `First ${count} accounts`;
  return count === 1 ? '1 account' : `${count} accounts`;
}

function AccountsLoading() {
  return (
    <div className="skeleton" data-testid="accounts-loading" aria-busy="true" aria-label="Loading accounts">
      {Array.from({ length: SKELETON_ROWS }, (_, index) => (
        <div key={index} className="skeleton__row">
          <span className="skeleton__bar skeleton__bar--wide" />
          <span className="skeleton__bar" />
          <span className="skeleton__bar" />
          <span className="skeleton__bar skeleton__bar--narrow" />
        </div>
      ))}
    </div>
  );
}

function AccountsEmpty({ searchTerm }: { readonly searchTerm: string }) {
  return (
    <div className="empty" data-testid="accounts-empty">
      <div className="empty__icon" aria-hidden="true" />
      {searchTerm.length > 0 ? (
        <>
          <p className="empty__title">No accounts match “{searchTerm}”</p>
          <p className="muted">Try part of the name or the email address.</p>
        </>
      ) : (
        <>
          <p className="empty__title">No accounts yet</p>
          <p className="muted">Create the first one with the form above. It will appear here.</p>
        </>
      )}
    </div>
  );
}
