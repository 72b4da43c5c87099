import { useState } from 'react';
import { useMutation } from '@apollo/client';
import { getFragmentData, graphql, type FragmentType } from '../gql';
import { describeError } from '../graphql/graphql-error.messages';

export const AgentKyaFields = graphql(`
  fragment AgentKyaFields on Agent {
    id
    kyaTier
    kyaStatus
    kyaVerifiedAt
    kyaReason
  }
`);

const SubmitKya = graphql(`
  mutation SubmitKya($input: SubmitKyaVerificationInput!) {
    submitKyaVerification(input: $input) {
      agent {
        id
        ...AgentKyaFields
      }
    }
  }
`);

/** Know-your-agent: where verification stands, and a submission for a higher tier. */
export function AgentKyaCard({ agent: ref, canManage }: { readonly agent: FragmentType<typeof AgentKyaFields>; readonly canManage: boolean }) {
  const agent = getFragmentData(AgentKyaFields, ref);
  const [tier, setTier] = useState(1);
  const [evidence, setEvidence] = useState('');
  const [submit, submitting] = useMutation(SubmitKya);
  return (
    <section className="card" aria-label="Know your agent" data-testid="agent-kya">
      <h2 className="card__title">Verification (KYA)</h2>
      <p data-testid="agent-kya-status" data-status={agent.kyaStatus}>
        Tier {agent.kyaTier} · {agent.kyaStatus.toLowerCase()}
        {agent.kyaVerifiedAt ? ` since ${new Date(agent.kyaVerifiedAt).toLocaleDateString()}` : ''}
        {agent.kyaReason ? ` · ${agent.kyaReason}` : ''}
      </p>
      {agent.kyaStatus !== 'VERIFIED' && agent.kyaTier === 0 && <p className="muted">An unverified agent moves nothing.</p>}
      {canManage && agent.kyaStatus !== 'PENDING' && (
        <form
          className="form-row"
          onSubmit={(event) => {
            event.preventDefault();
            void submit({ variables: { input: { agentId: agent.id, tier, attestations: [{ type: 'operator_identity', value: evidence.trim() || 'operator' }] } } }).catch(() => undefined);
          }}
        >
          <label className="field">
            <span className="field__label">Tier</span>
            <select className="input" value={tier} onChange={(event) => setTier(Number(event.target.value))} data-testid="kya-tier">
              {[1, 2, 3].map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
          <label className="field field--grow">
            <span className="field__label">Operator attestation</span>
            <input className="input" value={evidence} onChange={(event) => setEvidence(event.target.value)} data-testid="kya-evidence" />
          </label>
          <button type="submit" className="button button--primary" disabled={submitting.loading} data-testid="kya-submit">
            Verify
          </button>
        </form>
      )}
      {submitting.error && (
        <div className="alert alert--error alert--inset" role="alert">
          {describeError(submitting.error)}
        </div>
      )}
    </section>
  );
}
