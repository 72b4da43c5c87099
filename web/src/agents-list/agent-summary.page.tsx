import { useQuery } from '@apollo/client';
import { NotFoundPage } from '../app/not-found.page';
import { Link } from '../app/router';
import type { PageProps } from '../app/routes';
import { graphql } from '../gql';
import { ErrorState, PageHeader, Skeleton, Status, Time } from '../ui/page.components';
import { AGENT_STATUS_TONES } from './agents-list.page';

const AgentSummaryQuery = graphql(`
  query AgentSummary($id: ID!) {
    agent(id: $id) {
      id
      name
      description
      status
      kyaTier
      kyaStatus
      createdAt
      updatedAt
      account {
        id
        name
      }
    }
  }
`);

/** A placeholder until the agents pages land: the agent as the graph has it. */
export default function AgentSummaryPage({ params }: PageProps) {
  const { data, loading, error, refetch } = useQuery(AgentSummaryQuery, { variables: { id: params.id ?? '' } });
  if (error) return <ErrorState error={error} onRetry={refetch} />;
  if (loading && !data) return <Skeleton label="Loading agent" />;
  const agent = data?.agent;
  if (!agent) return <NotFoundPage />;
  return (
    <>
      <PageHeader title={agent.name} subtitle={agent.description ?? 'An agent acting for one of your accounts.'} />
      <section className="card">
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <Status tone={AGENT_STATUS_TONES[agent.status]}>{agent.status.toLowerCase()}</Status>
          </dd>
          <dt>Account</dt>
          <dd>
            <Link to={`/accounts/${agent.account.id}`}>{agent.account.name}</Link>
          </dd>
          <dt>Verification</dt>
          <dd>
            Tier {agent.kyaTier} · {agent.kyaStatus.toLowerCase()}
          </dd>
          <dt>Created</dt>
          <dd>
            <Time iso={agent.createdAt} />
          </dd>
          <dt>Id</dt>
          <dd>
            <code>{agent.id}</code>
          </dd>
        </dl>
      </section>
    </>
  );
}
