import { useMutation, useQuery } from '@apollo/client';
import { graphql } from '../gql';
import { describeError } from '../graphql/graphql-error.messages';
import { AgentActivityFeed } from './agent-activity.feed';
import { AgentApprovalsQueue } from './agent-approvals.queue';
import { AgentKyaCard } from './agent-kya.card';
import { AgentLimitsCard } from './agent-limits.card';
import { AgentPermissionsEditor } from './agent-permissions.editor';
import { AgentTokensCard } from './agent-tokens.card';

export const AgentPageQuery = graphql(`
  query AgentPage($id: ID!) {
    agent(id: $id) {
      id
      name
      status
      statusReason
      currency
      account {
        id
        name
      }
      stats {
        actionsToday
        successRate
        volumeToday {
          amount
          currency
        }
      }
      ...AgentKyaFields
      ...AgentLimitsFields
      ...AgentPermissionsFields
    }
  }
`);

const AgentLifecycle = graphql(`
  mutation AgentLifecycle($pause: Boolean!, $resume: Boolean!, $suspend: Boolean!, $activate: Boolean!, $agentId: ID!, $reason: String!) {
    pauseAgent(input: { agentId: $agentId }) @include(if: $pause) {
      agent {
        id
        status
      }
    }
    resumeAgent(input: { agentId: $agentId }) @include(if: $resume) {
      agent {
        id
        status
      }
    }
    suspendAgent(input: { agentId: $agentId, reason: $reason }) @include(if: $suspend) {
      agent {
        id
        status
        statusReason
      }
    }
    activateAgent(input: { agentId: $agentId }) @include(if: $activate) {
      agent {
        id
        status
      }
    }
  }
`);

const AGENT_POLL_MS = 3_000;

type Move = 'pause' | 'resume' | 'suspend' | 'activate';
const MOVES: Record<string, readonly Move[]> = { ACTIVE: ['pause', 'suspend'], PAUSED: ['resume', 'suspend'], SUSPENDED: ['activate'] };

/** One agent: KYA, limits against usage, permissions, tokens, approvals and its live activity. */
export function AgentPage({ agentId, canManage, onBack }: { readonly agentId: string; readonly canManage: boolean; readonly onBack: () => void }) {
  // Polled as well: KYA verification and other people's changes have no live event on this page yet.
  const { data, error, refetch } = useQuery(AgentPageQuery, { variables: { id: agentId }, fetchPolicy: 'cache-and-network', pollInterval: AGENT_POLL_MS });
  const [move, moving] = useMutation(AgentLifecycle);
  const agent = data?.agent;

  const run = async (which: Move) => {
    const reason = which === 'suspend' ? (window.prompt('Why suspend this agent?') ?? '').trim() : '';
    if (which === 'suspend' && reason === '') return;
    await move({ variables: { agentId, reason: reason || '-', pause: which === 'pause', resume: which === 'resume', suspend: which === 'suspend', activate: which === 'activate' } }).catch(() => undefined);
  };

  return (
    <main className="page" data-testid="agent-page" data-agent-id={agentId}>
      <div className="page__header">
        <div>
          <a
            className="muted"
            href="/agents"
            onClick={(event) => {
              event.preventDefault();
              onBack();
            }}
          >
            ← Agents
          </a>
          <h1 className="page__title">{agent?.name ?? 'Agent'}</h1>
          {agent && (
            <p className="page__subtitle">
              Acts for {agent.account.name} ·{' '}
              <span className="badge" data-testid="agent-page-status">
                {agent.status.toLowerCase()}
              </span>
              {agent.statusReason ? ` · ${agent.statusReason}` : ''} · {agent.stats.actionsToday} actions today, {agent.stats.volumeToday.amount}{' '}
              {agent.stats.volumeToday.currency} moved
            </p>
          )}
        </div>
        {agent && canManage && (
          <div className="page__actions">
            {(MOVES[agent.status] ?? []).map((which) => (
              <button key={which} type="button" className="button button--small" disabled={moving.loading} onClick={() => void run(which)} data-testid={`agent-${which}`}>
                {which.charAt(0).toUpperCase() + which.slice(1)}
              </button>
            ))}
          </div>
        )}
      </div>
      {(error ?? moving.error) && (
        <div className="alert alert--error" role="alert">
          {describeError(error ?? moving.error)}
        </div>
      )}
      {agent && (
        <div className="agent-grid">
          <AgentKyaCard agent={agent} canManage={canManage} />
          <AgentLimitsCard agent={agent} canManage={canManage} />
          <AgentPermissionsEditor agent={agent} canManage={canManage} />
          <AgentTokensCard agentId={agentId} canManage={canManage} />
          <AgentApprovalsQueue agentId={agentId} canDecide={canManage} onDecided={() => void refetch()} />
          <AgentActivityFeed agentId={agentId} onActivity={() => void refetch()} />
        </div>
      )}
    </main>
  );
}
