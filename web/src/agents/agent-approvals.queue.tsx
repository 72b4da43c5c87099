import { useMutation, useQuery } from '@apollo/client';
import { graphql } from '../gql';
import { describeError } from '../graphql/graphql-error.messages';

export const AgentApprovalsQuery = graphql(`
  query AgentApprovals($agentId: ID!) {
    approvals(status: PENDING, agentId: $agentId, first: 20) {
      nodes {
        id
        action
        reasoning
        expiresAt
        amount {
          amount
          currency
        }
      }
    }
  }
`);

const ApproveAction = graphql(`
  mutation ApproveAction($input: ApproveActionInput!) {
    approveAction(input: $input) {
      approval {
        id
        status
      }
    }
  }
`);

const RejectAction = graphql(`
  mutation RejectAction($input: RejectActionInput!) {
    rejectAction(input: $input) {
      approval {
        id
        status
      }
    }
  }
`);

/** The agent's actions waiting for a human: approve or reject each (it runs once, whoever clicks). */
export function AgentApprovalsQueue({ agentId, canDecide, onDecided }: { readonly agentId: string; readonly canDecide: boolean; readonly onDecided: () => void }) {
  const { data, refetch } = useQuery(AgentApprovalsQuery, { variables: { agentId }, pollInterval: 5_000 });
  const [approve, approving] = useMutation(ApproveAction);
  const [reject, rejecting] = useMutation(RejectAction);
  const done = () => {
    onDecided();
    return refetch();
  };
  const pending = data?.approvals.nodes ?? [];
  return (
    <section className="card" aria-label="Approvals" data-testid="agent-approvals">
      <h2 className="card__title">Waiting for approval</h2>
      {pending.length === 0 && <p className="muted">Nothing is waiting.</p>}
      <ul className="plain-list">
        {pending.map((approval) => (
          <li key={approval.id} data-testid="approval-item" data-approval-id={approval.id}>
            <strong>
              {approval.action.replace('_', ' ')} of {approval.amount.amount} {approval.amount.currency}
            </strong>
            {approval.reasoning ? <span className="muted"> — “{approval.reasoning}”</span> : null}
            <div className="muted">Expires {new Date(approval.expiresAt).toLocaleString()}</div>
            {canDecide && (
              <div className="form-row">
                <button
                  type="button"
                  className="button button--primary button--small"
                  disabled={approving.loading || rejecting.loading}
                  data-testid="approval-approve"
                  onClick={() => void approve({ variables: { input: { id: approval.id } } }).then(done).catch(() => undefined)}
                >
                  Approve
                </button>
                <button
                  type="button"
                  className="button button--small"
                  disabled={approving.loading || rejecting.loading}
                  data-testid="approval-reject"
                  onClick={() => void reject({ variables: { input: { id: approval.id, reason: 'Rejected from the dashboard' } } }).then(done).catch(() => undefined)}
                >
                  Reject
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {(approving.error ?? rejecting.error) && (
        <div className="alert alert--error alert--inset" role="alert">
          {describeError(approving.error ?? rejecting.error)}
        </div>
      )}
    </section>
  );
}
