import { useQuery } from '@apollo/client';
import { Link, useSearchParams } from '../app/router';
import { graphql } from '../gql';
import type { AgentStatus } from '../gql/graphql';
import { EmptyState, ErrorState, FilterSelect, PageHeader, Pager, Section, Skeleton, Status, Time, type Tone } from '../ui/page.components';

// A placeholder until the agents pages (web/src/agents/) land: what the graph already lists.
const AgentsListQuery = graphql(`
  query AgentsList($first: Int!, $after: String, $filter: AgentFilter) {
    agents(first: $first, after: $after, filter: $filter) {
      nodes {
        id
        name
        status
        kyaTier
        kyaStatus
        createdAt
        account {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const AGENT_STATUS_TONES: Record<AgentStatus, Tone> = { ACTIVE: 'good', PAUSED: 'warn', SUSPENDED: 'bad' };

export default function AgentsListPage() {
  const [params] = useSearchParams();
  const status = params.get('status') as AgentStatus | null;
  const { data, loading, error, refetch } = useQuery(AgentsListQuery, {
    variables: { first: 25, after: params.get('after'), filter: status ? { status } : null },
    fetchPolicy: 'cache-and-network',
  });
  const agents = data?.agents;
  return (
    <>
      <PageHeader title="Agents" subtitle="Software that spends on behalf of your accounts. Budgets, approvals and tokens arrive with the agents pages." />
      <Section title="All agents" testId="agents" actions={<FilterSelect label="Status" param="status" options={[['ACTIVE', 'Active'], ['PAUSED', 'Paused'], ['SUSPENDED', 'Suspended']]} />}>
        {error && <ErrorState error={error} onRetry={refetch} />}
        {agents === undefined ? (
          loading && <Skeleton label="Loading agents" />
        ) : agents.nodes.length === 0 ? (
          <EmptyState title={status ? 'No agents with this status' : 'No agents yet'}>Agents are created with the API (createAgent) for one of your accounts.</EmptyState>
        ) : (
          <table className="table table--cards" data-testid="agents-table">
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Account</th>
                <th scope="col">Status</th>
                <th scope="col">Verification</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {agents.nodes.map((agent) => (
                <tr key={agent.id} className="row" data-testid="agent-row">
                  <td data-label="Agent">
                    <Link to={`/agents/${agent.id}`} className="cell-name">
                      {agent.name}
                    </Link>
                  </td>
                  <td data-label="Account">
                    <Link to={`/accounts/${agent.account.id}`}>{agent.account.name}</Link>
                  </td>
                  <td data-label="Status">
                    <Status tone={AGENT_STATUS_TONES[agent.status]}>{agent.status.toLowerCase()}</Status>
                  </td>
                  <td data-label="Verification">
                    Tier {agent.kyaTier} · {agent.kyaStatus.toLowerCase()}
                  </td>
                  <td data-label="Created">
                    <Time iso={agent.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager pageInfo={agents?.pageInfo} shown={agents?.nodes.length ?? 0} />
      </Section>
    </>
  );
}
