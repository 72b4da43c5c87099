import { useEffect, useRef } from 'react';
import { useQuery, useSubscription } from '@apollo/client';
import { getFragmentData, graphql } from '../gql';

const AgentActivityFields = graphql(`
  fragment AgentActivityFields on AgentActivity {
    id
    action
    outcome
    reasoning
    counterparty
    createdAt
    amount {
      amount
      currency
    }
    limitCheck {
      limit {
        amount
      }
      used {
        amount
      }
      remaining {
        amount
      }
    }
  }
`);

const AgentActivityQuery = graphql(`
  query AgentActivityFeed($agentId: ID!) {
    agentActivity(agentId: $agentId, first: 30) {
      nodes {
        id
        ...AgentActivityFields
      }
    }
  }
`);

const AgentActivityLive = graphql(`
  subscription AgentActivityLive($agentId: ID!) {
    agentActivity(agentId: $agentId) {
      id
      ...AgentActivityFields
    }
  }
`);

const FEED_MAX = 30;
const FEED_POLL_MS = 5_000;

/** What the agent did, was refused or waits for, newest first; new entries arrive live. */
export function AgentActivityFeed({ agentId, onActivity }: { readonly agentId: string; readonly onActivity: () => void }) {
  // Pushed entries arrive at once; the poll is a fallback for a push missed while the socket reconnects.
  const { data, updateQuery } = useQuery(AgentActivityQuery, { variables: { agentId }, pollInterval: FEED_POLL_MS });
  // The parent re-renders on every push; the subscription must not restart with it (and lose what arrives meanwhile).
  const notify = useRef(onActivity);
  useEffect(() => {
    notify.current = onActivity;
  }, [onActivity]);
  useSubscription(AgentActivityLive, {
    variables: { agentId },
    onData: ({ data: pushed }) => {
      const entry = pushed.data?.agentActivity;
      if (!entry) return;
      updateQuery((previous) => {
        const nodes = previous.agentActivity.nodes.filter((node) => node.id !== entry.id);
        return { ...previous, agentActivity: { ...previous.agentActivity, nodes: [entry, ...nodes].slice(0, FEED_MAX) } };
      });
      notify.current();
    },
  });
  const entries = (data?.agentActivity.nodes ?? []).map((node) => getFragmentData(AgentActivityFields, node));
  return (
    <section className="card agent-grid__wide" aria-label="Activity" data-testid="agent-activity">
      <h2 className="card__title">Activity</h2>
      {entries.length === 0 && <p className="muted">No actions yet.</p>}
      <ol className="activity">
        {entries.map((entry) => (
          <li key={entry.id} className={`activity__item activity__item--${entry.outcome.toLowerCase()}`} data-testid="activity-item" data-outcome={entry.outcome}>
            <div>
              <span className="badge">{entry.outcome.toLowerCase()}</span> {entry.action.replace('_', ' ')}
              {entry.amount ? ` · ${entry.amount.amount} ${entry.amount.currency}` : ''}
              {entry.counterparty ? ` → ${entry.counterparty}` : ''}
              <span className="muted"> · {new Date(entry.createdAt).toLocaleTimeString()}</span>
            </div>
            <div className="activity__reasoning" data-testid="activity-reasoning">
              {entry.reasoning}
            </div>
            {entry.limitCheck && (
              <div className="muted" data-testid="activity-limit">
                Limit {entry.limitCheck.limit?.amount ?? 'none'} · used {entry.limitCheck.used.amount} · left {entry.limitCheck.remaining?.amount ?? '—'}
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
