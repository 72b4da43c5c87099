import { useState } from 'react';
import { useQuery } from '@apollo/client';
import { useDashboard } from '../app/dashboard.context';
import { Link, navigate, useSearchParams } from '../app/router';
import { getFragmentData, graphql } from '../gql';
import { useLiveTransfers } from '../transfers/live-transfers.hook';
import { STATUS_OPTIONS, transferFilterOf } from '../transfers/transfers.page';
import { TRANSFER_STATUS_LABELS, TransferRowFields } from '../transfers/transfer-row.component';
import { EmptyState, ErrorState, FilterSelect, Money, PageHeader, Pager, Section, Skeleton, Status, Time } from '../ui/page.components';
import { PayoutCreateForm } from './payout-create.form';

const PayoutsListQuery = graphql(`
  query PayoutsList($first: Int!, $after: String, $filter: TransferFilter) {
    transfers(first: $first, after: $after, filter: $filter) {
      nodes {
        id
        ...TransferRowFields
        route {
          rail
        }
        payout {
          rail
          stage
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    rails {
      code
      name
    }
  }
`);

const PAYOUTS_PAGE_SIZE = 25;

export default function PayoutsPage() {
  const { canMoveMoney } = useDashboard();
  const [params] = useSearchParams();
  const [showForm, setShowForm] = useState(false);
  const filter = transferFilterOf(params, 'PAYOUT');
  const after = params.get('after');
  // The graph filters by status and type; the rail is filtered here, within the page.
  const rail = params.get('rail');
  const variables = { first: PAYOUTS_PAGE_SIZE, after, filter };
  const { data, loading, error, refetch } = useQuery(PayoutsListQuery, { variables, fetchPolicy: 'cache-and-network' });
  useLiveTransfers(PayoutsListQuery, variables, {
    pageSize: PAYOUTS_PAGE_SIZE,
    skip: after !== null,
    accepts: (transfer) => transfer.type === 'PAYOUT' && (!filter?.status || transfer.status === filter.status),
  });
  const payouts = data?.transfers.nodes.filter((payout) => !rail || (payout.payout?.rail ?? payout.route?.rail) === rail);

  return (
    <>
      <PageHeader
        title="Payouts"
        subtitle="Money sent out of Orquesta to banks, wallets and phones, with the route each one took."
        actions={
          canMoveMoney && (
            <button type="button" className="button button--primary" onClick={() => setShowForm((shown) => !shown)} aria-expanded={showForm} data-testid="payout-new">
              {showForm ? 'Close' : 'New payout'}
            </button>
          )
        }
      />
      {showForm && <PayoutCreateForm onCreated={(id) => navigate(`/payouts/${id}`)} />}
      <Section
        title="All payouts"
        testId="payouts"
        actions={
          <div className="filters">
            <FilterSelect label="Status" param="status" options={STATUS_OPTIONS} testId="filter-status" />
            <FilterSelect label="Rail" param="rail" options={(data?.rails ?? []).map((entry) => [entry.code, entry.name] as const)} testId="filter-rail" />
          </div>
        }
      >
        {error && <ErrorState error={error} onRetry={refetch} />}
        {payouts === undefined ? (
          loading && <Skeleton label="Loading payouts" />
        ) : payouts.length === 0 ? (
          <EmptyState title={filter?.status || rail ? 'No payouts match these filters' : 'No payouts yet'}>
            {filter?.status || rail ? 'Clear a filter to see more.' : 'Press “New payout” to send money from one of your accounts to a bank account, wallet or phone.'}
          </EmptyState>
        ) : (
          <table className="table table--cards" data-testid="payouts-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Payee</th>
                <th scope="col">Amount</th>
                <th scope="col">Rail</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {payouts.map((payout) => {
                const row = getFragmentData(TransferRowFields, payout);
                const status = TRANSFER_STATUS_LABELS[row.status];
                return (
                  <tr key={row.id} className="row" data-testid="payout-row" data-transfer-id={row.id}>
                    <td data-label="When">
                      <Link to={`/payouts/${row.id}`}>
                        <Time iso={row.createdAt} />
                      </Link>
                    </td>
                    <td data-label="Payee">
                      {row.payout ? (
                        <>
                          {row.payout.destination} <span className="tag">{row.payout.network}</span>
                        </>
                      ) : (
                        <span className="muted">Unknown</span>
                      )}
                      <span className="cell-sub">from {row.from?.name ?? 'an account'}</span>
                    </td>
                    <td data-label="Amount">
                      <Money value={row.amount} />
                      {row.payout && (
                        <span className="cell-sub">
                          → <Money value={row.payout.targetAmount} />
                        </span>
                      )}
                    </td>
                    <td data-label="Rail">{payout.payout?.rail ?? payout.route?.rail ?? <span className="muted">Not chosen</span>}</td>
                    <td data-label="Status">
                      <Status tone={status.tone} value={row.status}>
                        {status.text}
                      </Status>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <Pager pageInfo={data?.transfers.pageInfo} shown={payouts?.length ?? 0} />
      </Section>
    </>
  );
}

