import { useQuery, useSubscription } from '@apollo/client';
import { NotFoundPage } from '../app/not-found.page';
import { Link, useSearchParams } from '../app/router';
import type { PageProps } from '../app/routes';
import { getFragmentData, graphql } from '../gql';
import { TestFundsButton } from '../money/test-funds.button';
import { TransfersTable } from '../transfers/recent-transfers.list';
import { EmptyState, ErrorState, LiveMoney, Money, PageHeader, Pager, Section, Skeleton, Time } from '../ui/page.components';

const AccountDetailFields = graphql(`
  fragment AccountDetailFields on Account {
    id
    name
    email
    type
    verificationTier
    verificationStatus
    createdAt
    updatedAt
    balances {
      currency
      available
      pending
      incoming
      total
    }
  }
`);

const AccountDetailQuery = graphql(`
  query AccountDetail($id: ID!, $after: String) {
    account(id: $id) {
      id
      ...AccountDetailFields
      agents {
        id
        name
        status
      }
      ledgerEntries(first: 20, after: $after) {
        nodes {
          id
          direction
          phase
          reason
          createdAt
          amount {
            amount
            currency
          }
          balanceAfter {
            amount
            currency
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      transfers(first: 10) {
        nodes {
          id
          ...TransferRowFields
        }
      }
    }
  }
`);

const AccountDetailLive = graphql(`
  subscription AccountDetailLive($id: ID!, $after: ID) {
    balanceChanged(accountId: $id, after: $after) {
      id
      ...AccountDetailFields
    }
  }
`);

export default function AccountDetailPage({ params }: PageProps) {
  const id = params.id ?? '';
  const [search] = useSearchParams();
  const { data, loading, error, refetch } = useQuery(AccountDetailQuery, { variables: { id, after: search.get('after') }, fetchPolicy: 'cache-and-network' });
  // The balance is pushed into the cache; the entries and transfers below are read again with it.
  useSubscription(AccountDetailLive, { variables: { id }, onData: () => void refetch().catch(() => undefined) });

  if (error && !data) return <ErrorState error={error} onRetry={refetch} />;
  if (!data) return loading ? <Skeleton label="Loading account" /> : null;
  if (!data.account) return <NotFoundPage />;
  const account = data.account;
  const fields = getFragmentData(AccountDetailFields, account);

  return (
    <>
      <PageHeader
        title={fields.name}
        subtitle={
          <>
            <Link to="/accounts">Accounts</Link> / {fields.type === 'BUSINESS' ? 'Business' : 'Person'} · {fields.email ?? 'no email'} · verification tier {fields.verificationTier} (
            {fields.verificationStatus.toLowerCase()})
          </>
        }
        actions={<TestFundsButton accountId={fields.id} accountName={fields.name} />}
      />
      <div className="kpis" data-testid="account-balances">
        {fields.balances.length === 0 ? (
          <div className="kpi">
            <p className="kpi__label">Balance</p>
            <p className="kpi__value muted">No money yet</p>
          </div>
        ) : (
          fields.balances.map((balance) => (
            <div key={balance.currency} className="kpi" data-testid="account-balance" data-currency={balance.currency}>
              <p className="kpi__label">{balance.currency} balance</p>
              <p className="kpi__value">
                <LiveMoney value={{ amount: balance.total, currency: balance.currency }} testId="account-balance-total" />
              </p>
              <p className="kpi__compare">
                Available <Money value={{ amount: balance.available, currency: balance.currency }} /> · pending <Money value={{ amount: balance.pending, currency: balance.currency }} />
              </p>
            </div>
          ))
        )}
      </div>
      <Section title="Ledger entries" testId="account-ledger">
        {account.ledgerEntries.nodes.length === 0 ? (
          <EmptyState title="No ledger entries yet">Add test funds or move money to this account; each posting appears here.</EmptyState>
        ) : (
          <table className="table table--cards">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Reason</th>
                <th scope="col">Amount</th>
                <th scope="col">Balance after</th>
                <th scope="col">Phase</th>
              </tr>
            </thead>
            <tbody>
              {account.ledgerEntries.nodes.map((entry) => (
                <tr key={entry.id} className="row">
                  <td data-label="When">
                    <Time iso={entry.createdAt} />
                  </td>
                  <td data-label="Reason">{entry.reason}</td>
                  <td data-label="Amount" className={entry.direction === 'CREDIT' ? 'text-good' : undefined}>
                    {entry.direction === 'CREDIT' ? '+' : '−'}
                    <Money value={entry.amount} />
                  </td>
                  <td data-label="Balance after">
                    <Money value={entry.balanceAfter} />
                  </td>
                  <td data-label="Phase">{entry.phase.toLowerCase()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager pageInfo={account.ledgerEntries.pageInfo} shown={account.ledgerEntries.nodes.length} />
      </Section>
      <Section title="Latest transfers" actions={<Link to={`/transfers?account=${fields.id}`} className="toolbar__meta">All of this account’s transfers</Link>}>
        {account.transfers.nodes.length === 0 ? <EmptyState title="No transfers yet">Use “Move money” on Accounts.</EmptyState> : <TransfersTable transfers={account.transfers.nodes} />}
      </Section>
      <Section title="Agents">
        {account.agents.length === 0 ? (
          <EmptyState title="No agents act for this account" />
        ) : (
          <ul className="plain-list plain-list--padded">
            {account.agents.map((agent) => (
              <li key={agent.id}>
                <Link to={`/agents/${agent.id}`}>{agent.name}</Link> <span className="muted">({agent.status.toLowerCase()})</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
