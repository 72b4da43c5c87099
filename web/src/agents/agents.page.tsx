import { useQuery } from '@apollo/client';
import { graphql } from '../gql';
import { describeError } from '../graphql/graphql-error.messages';
import { UsageBar } from './usage.bar';

const AgentsPageQuery = graphql(`
  query AgentsPage($first: Int!) {
    agents(first: $first) {
      nodes {
        id
        name
        status
        kyaTier
        kyaStatus
        account {
          id
          name
        }
        effectiveLimits {
          daily {
            amount
            currency
          }
        }
        usage {
          today {
            amount
            currency
          }
        }
      }
    }
  }
`);

const AGENTS_PAGE_SIZE = 100;

/** Every agent of the tenant: status, KYA tier, and today's usage against its daily limit. */
export function AgentsPage({ onOpen }: { readonly onOpen: (agentId: string) => void }) {
  const { data, loading, error } = useQuery(AgentsPageQuery, { variables: { first: AGENTS_PAGE_SIZE }, fetchPolicy: 'cache-and-network' });
  const agents = data?.agents.nodes ?? [];

  return (
    <main className="page">
      <div className="page__header">
        <div>
          <h1 className="page__title">Agents</h1>
          <p className="page__subtitle">AI agents acting for your accounts: what they may do, what they used today, and what they did.</p>
        </div>
      </div>
      {error && (
        <div className="alert alert--error" role="alert">
          {describeError(error)}
        </div>
      )}
      <section className="card card--flush" aria-label="Agents list">
        <table className="table table--agents" data-testid="agents-table">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Status</th>
              <th scope="col">KYA</th>
              <th scope="col">Used today</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => (
              <tr key={agent.id} className="row" data-testid="agent-row" data-agent-id={agent.id}>
                <td>
                  <a
                    className="cell-name"
                    href={`/agents/${agent.id}`}
                    onClick={(event) => {
                      event.preventDefault();
                      onOpen(agent.id);
                    }}
                  >
                    {agent.name}
                  </a>
                  <div className="cell-sub">{agent.account.name}</div>
                </td>
                <td>
                  <span className={`badge badge--status-${agent.status.toLowerCase()}`} data-testid="agent-status">
                    {agent.status.toLowerCase()}
                  </span>
                </td>
                <td data-testid="agent-kya">
                  Tier {agent.kyaTier} · {agent.kyaStatus.toLowerCase()}
                </td>
                <td>
                  <UsageBar used={agent.usage.today} limit={agent.effectiveLimits.daily} label="today" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!loading && agents.length === 0 && <p className="muted table-footnote">No agents yet: create one for an account.</p>}
      </section>
    </main>
  );
}
