import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { graphql } from '../gql';
import { describeError } from '../graphql/graphql-error.messages';

const AgentTokensQuery = graphql(`
  query AgentTokens($agentId: ID!) {
    agentTokens(agentId: $agentId) {
      id
      name
      prefix
      createdAt
      lastUsedAt
      revokedAt
    }
  }
`);

const CreateAgentToken = graphql(`
  mutation CreateAgentToken($input: CreateAgentTokenInput!) {
    createAgentToken(input: $input) {
      token
      agentToken {
        id
      }
    }
  }
`);

/** The agent's tokens; a new one is shown once, here. */
export function AgentTokensCard({ agentId, canManage }: { readonly agentId: string; readonly canManage: boolean }) {
  const { data, refetch } = useQuery(AgentTokensQuery, { variables: { agentId } });
  const [create, creating] = useMutation(CreateAgentToken);
  const [shown, setShown] = useState<string | null>(null);
  return (
    <section className="card" aria-label="Tokens" data-testid="agent-tokens">
      <h2 className="card__title">Tokens</h2>
      <ul className="plain-list">
        {(data?.agentTokens ?? []).map((token) => (
          <li key={token.id} data-testid="agent-token">
            <code>{token.prefix}…</code> {token.name} {token.revokedAt ? '(revoked)' : token.lastUsedAt ? `· used ${new Date(token.lastUsedAt).toLocaleString()}` : '· never used'}
          </li>
        ))}
      </ul>
      {shown && (
        <div className="alert alert--success alert--inset" role="status">
          Copy it now, it is shown once: <code data-testid="agent-token-secret">{shown}</code>
        </div>
      )}
      {canManage && (
        <button
          type="button"
          className="button"
          disabled={creating.loading}
          data-testid="agent-token-create"
          onClick={() =>
            void create({ variables: { input: { agentId } } })
              .then((result) => {
                setShown(result.data?.createAgentToken.token ?? null);
                return refetch();
              })
              .catch(() => undefined)
          }
        >
          New token
        </button>
      )}
      {creating.error && (
        <div className="alert alert--error alert--inset" role="alert">
          {describeError(creating.error)}
        </div>
      )}
    </section>
  );
}
