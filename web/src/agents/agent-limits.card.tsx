import { useState } from 'react';
import { useMutation } from '@apollo/client';
import { getFragmentData, graphql, type FragmentType } from '../gql';
import { describeError } from '../graphql/graphql-error.messages';
import { UsageBar } from './usage.bar';

export const AgentLimitsFields = graphql(`
  fragment AgentLimitsFields on Agent {
    id
    currency
    limits {
      perTransaction {
        amount
        currency
      }
      daily {
        amount
        currency
      }
      monthly {
        amount
        currency
      }
    }
    effectiveLimits {
      perTransaction {
        amount
        currency
      }
      daily {
        amount
        currency
      }
      monthly {
        amount
        currency
      }
      cappedByParent
      cappedBy
    }
    usage {
      today {
        amount
        currency
      }
      thisMonth {
        amount
        currency
      }
      resetsAt
    }
    approvalThreshold {
      amount
      currency
    }
  }
`);

const UpdateLimits = graphql(`
  mutation UpdateAgentLimits($input: UpdateAgentLimitsInput!) {
    updateAgentLimits(input: $input) {
      agent {
        id
        ...AgentLimitsFields
      }
    }
  }
`);

const show = (money: { amount: string } | null | undefined) => (money ? money.amount : '—');

/** What the owner set, what is effectively allowed (the least of owner, KYA tier and parent account) and what is used. */
export function AgentLimitsCard({ agent: ref, canManage }: { readonly agent: FragmentType<typeof AgentLimitsFields>; readonly canManage: boolean }) {
  const agent = getFragmentData(AgentLimitsFields, ref);
  const [daily, setDaily] = useState('');
  const [threshold, setThreshold] = useState('');
  const [update, updating] = useMutation(UpdateLimits);
  const rows = [
    { name: 'Per transaction', owner: agent.limits.perTransaction, effective: agent.effectiveLimits.perTransaction, used: null },
    { name: 'Daily', owner: agent.limits.daily, effective: agent.effectiveLimits.daily, used: agent.usage.today },
    { name: 'Monthly', owner: agent.limits.monthly, effective: agent.effectiveLimits.monthly, used: agent.usage.thisMonth },
  ];
  return (
    <section className="card" aria-label="Limits" data-testid="agent-limits">
      <h2 className="card__title">Limits ({agent.currency})</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Window</th>
            <th scope="col">Owner</th>
            <th scope="col">Effective</th>
            <th scope="col">Used</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <td>{row.name}</td>
              <td>{show(row.owner)}</td>
              <td data-testid={`effective-${row.name.toLowerCase().replace(' ', '-')}`}>{show(row.effective)}</td>
              <td>{row.used ? <UsageBar used={row.used} limit={row.effective} label={row.name.toLowerCase()} /> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Set by: {agent.effectiveLimits.cappedBy.map((source) => source.toLowerCase().replace('_', ' ')).join(', ') || 'nothing (no limit)'}
        {agent.effectiveLimits.cappedByParent ? ' — capped by the parent account’s verification' : ''}. Approval above {show(agent.approvalThreshold)}. Resets{' '}
        {new Date(agent.usage.resetsAt).toLocaleString()}.
      </p>
      {canManage && (
        <form
          className="form-row"
          onSubmit={(event) => {
            event.preventDefault();
            const input: Record<string, unknown> = { agentId: agent.id };
            if (daily.trim()) input.daily = { amount: daily.trim(), currency: agent.currency };
            if (threshold.trim()) input.approvalThreshold = { amount: threshold.trim(), currency: agent.currency };
            void update({ variables: { input: input as { agentId: string } } }).catch(() => undefined);
          }}
        >
          <label className="field">
            <span className="field__label">Daily limit</span>
            <input className="input input--mono" inputMode="decimal" value={daily} onChange={(event) => setDaily(event.target.value)} data-testid="limit-daily" />
          </label>
          <label className="field">
            <span className="field__label">Approval above</span>
            <input className="input input--mono" inputMode="decimal" value={threshold} onChange={(event) => setThreshold(event.target.value)} data-testid="limit-threshold" />
          </label>
          <button type="submit" className="button" disabled={updating.loading} data-testid="limits-submit">
            Save limits
          </button>
        </form>
      )}
      {updating.error && (
        <div className="alert alert--error alert--inset" role="alert" data-testid="limits-error">
          {describeError(updating.error)}
        </div>
      )}
    </section>
  );
}
