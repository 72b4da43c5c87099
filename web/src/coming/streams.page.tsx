import { useQuery } from '@apollo/client';
import { Link } from '../app/router';
import { graphql } from '../gql';
import { EmptyState, ErrorState, Money, Section, Skeleton, Status, Time } from '../ui/page.components';
import { ComingSoon } from './coming.component';

// There is no top-level streams list: what exists is each account's `streams` connection.
const StreamsByAccountQuery = graphql(`
  query StreamsByAccount {
    accounts(first: 20) {
      nodes {
        id
        streams(first: 10) {
          nodes {
            id
            status
            createdAt
            flowRatePerSecond {
              amount
              currency
            }
            sender {
              id
              name
            }
            receiver {
              id
              name
            }
          }
        }
      }
    }
  }
`);

export default function StreamsPage() {
  const { data, loading, error, refetch } = useQuery(StreamsByAccountQuery, { fetchPolicy: 'cache-and-network' });
  const seen = new Set<string>();
  const streams = (data?.accounts.nodes ?? []).flatMap((account) => account.streams.nodes).filter((stream) => !seen.has(stream.id) && seen.add(stream.id));
  return (
    <ComingSoon
      title="Streams"
      what="Money that flows by the second from one account to another."
      today={<p>Creating, pausing and cancelling streams comes with the streams backend. Streams that already exist on your newest accounts are listed below.</p>}
    >
      <Section title="Existing streams" testId="streams">
        {error && <ErrorState error={error} onRetry={refetch} />}
        {data === undefined ? (
          loading && <Skeleton label="Loading streams" />
        ) : streams.length === 0 ? (
          <EmptyState title="No streams yet">There is nothing to do here until streams can be created.</EmptyState>
        ) : (
          <table className="table table--cards">
            <thead>
              <tr>
                <th scope="col">From → to</th>
                <th scope="col">Rate per second</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {streams.map((stream) => (
                <tr key={stream.id} className="row">
                  <td data-label="From → to">
                    <Link to={`/accounts/${stream.sender.id}`}>{stream.sender.name}</Link> → <Link to={`/accounts/${stream.receiver.id}`}>{stream.receiver.name}</Link>
                  </td>
                  <td data-label="Rate">
                    <Money value={stream.flowRatePerSecond} />
                  </td>
                  <td data-label="Status">
                    <Status tone={stream.status === 'ACTIVE' ? 'good' : 'quiet'}>{stream.status.toLowerCase()}</Status>
                  </td>
                  <td data-label="Created">
                    <Time iso={stream.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </ComingSoon>
  );
}
