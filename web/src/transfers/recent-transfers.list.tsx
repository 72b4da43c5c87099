import { useQuery } from '@apollo/client';
import { Link } from '../app/router';
import { graphql } from '../gql';
import { EmptyState, ErrorState, Section, Skeleton } from '../ui/page.components';
import { useLiveTransfers } from './live-transfers.hook';
import { TransferRow } from './transfer-row.component';

export const RecentTransfersQuery = graphql(`
  query RecentTransfers($first: Int!) {
    transfers(first: $first) {
      nodes {
        id
        ...TransferRowFields
      }
    }
  }
`);

const RECENT_TRANSFERS_MAX = 20;

/** The tenant's latest transfers, newest first, kept live by transfer events. */
export function RecentTransfers({ max = RECENT_TRANSFERS_MAX, title = 'Recent transfers' }: { readonly max?: number; readonly title?: string }) {
  const variables = { first: max };
  const { data, loading, error, refetch } = useQuery(RecentTransfersQuery, { variables, fetchPolicy: 'cache-and-network' });
  useLiveTransfers(RecentTransfersQuery, variables, { pageSize: max });
  const transfers = data?.transfers.nodes;

  return (
    <Section title={title} testId="transfers" actions={<Link to="/transfers" className="toolbar__meta">All transfers</Link>}>
      {error && <ErrorState error={error} onRetry={refetch} />}
      {transfers === undefined ? (
        loading && <Skeleton label="Loading transfers" rows={3} />
      ) : transfers.length === 0 ? (
        <EmptyState title="No transfers yet" testId="transfers-empty">
          Add test funds to an account on <Link to="/accounts">Accounts</Link>, then move money with “Move money”. Transfers appear here as they happen.
        </EmptyState>
      ) : (
        <TransfersTable transfers={transfers} />
      )}
    </Section>
  );
}

export function TransfersTable({ transfers }: { readonly transfers: ReadonlyArray<{ readonly id: string } & Parameters<typeof TransferRow>[0]['transfer']> }) {
  return (
    <table className="table table--cards" data-testid="transfers-table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">From → to</th>
          <th scope="col">Amount</th>
          <th scope="col">Status</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {transfers.map((transfer) => (
          <TransferRow key={transfer.id} transfer={transfer} />
        ))}
      </tbody>
    </table>
  );
}
