import { useQuery } from '@apollo/client';
import { graphql } from '../gql';
import { describeError } from '../graphql/graphql-error.messages';
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

/** The tenant's latest transfers, newest first. Refetched when the page makes one. */
export function RecentTransfers() {
  const { data, loading, error, refetch } = useQuery(RecentTransfersQuery, {
    variables: { first: RECENT_TRANSFERS_MAX },
    fetchPolicy: 'cache-and-network',
  });
  const transfers = data?.transfers.nodes;

  return (
    <section className="card card--flush" aria-labelledby="recent-transfers-title" data-testid="transfers">
      <div className="toolbar">
        <h2 className="card__title" id="recent-transfers-title">
          Recent transfers
        </h2>
        <span className="toolbar__meta">Latest {RECENT_TRANSFERS_MAX}, newest first</span>
      </div>

      {error && (
        <div className="alert alert--error alert--inset" role="alert" data-testid="transfers-error">
          <span>{describeError(error)}</span>
          <button className="button button--small" type="button" onClick={() => void refetch().catch(() => undefined)}>
            Try again
          </button>
        </div>
      )}

      {transfers === undefined ? (
        loading && (
          <p className="table-footnote" data-testid="transfers-loading" aria-busy="true">
            Loading transfers…
          </p>
        )
      ) : transfers.length === 0 ? (
        <div className="empty" data-testid="transfers-empty">
          <p className="empty__title">No transfers yet</p>
          <p className="muted">Money moved with the form above shows up here.</p>
        </div>
      ) : (
        <table className="table" data-testid="transfers-table">
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
      )}
    </section>
  );
}
