import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { useDashboard } from '../app/dashboard.context';
import { ROLE_LABELS } from '../auth/session-viewer.query';
import { graphql } from '../gql';
import type { MemberRole } from '../gql/graphql';
import { describeError } from '../graphql/graphql-error.messages';
import { EmptyState, ErrorState, PageHeader, Section, Skeleton, Status, Time } from '../ui/page.components';
import { SecretOnce } from './secret-once.component';

const ApiKeysQuery = graphql(`
  query ApiKeys {
    apiKeys {
      id
      name
      prefix
      livemode
      role
      createdAt
      expiresAt
      revokedAt
      lastUsedAt
      lastUsedIp
    }
  }
`);

const CreateApiKey = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      secret
      apiKey {
        id
      }
    }
  }
`);

const RotateApiKey = graphql(`
  mutation RotateApiKey($id: ID!) {
    rotateApiKey(id: $id) {
      secret
      previousKeyExpiresAt
      apiKey {
        id
      }
    }
  }
`);

const RevokeApiKey = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      apiKey {
        id
        revokedAt
      }
    }
  }
`);

export default function ApiKeysPage() {
  const { canManage, mode } = useDashboard();
  const { data, loading, error, refetch } = useQuery(ApiKeysQuery, { fetchPolicy: 'cache-and-network' });
  const [secret, setSecret] = useState<{ readonly label: string; readonly value: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [rotate] = useMutation(RotateApiKey);
  const [revoke] = useMutation(RevokeApiKey);
  const keys = data?.apiKeys;

  async function act(run: () => Promise<unknown>) {
    setProblem(null);
    try {
      await run();
      await refetch();
    } catch (failure) {
      setProblem(describeError(failure));
    }
  }

  return (
    <>
      <PageHeader title="API keys" subtitle={`Keys for your servers and scripts, in ${mode} mode. Send one as Authorization: Bearer <key>.`} />
      {secret && <SecretOnce label={secret.label} secret={secret.value} onDismiss={() => setSecret(null)} />}
      {canManage && (
        <CreateKeyForm
          onCreated={(value, name) => {
            setSecret({ label: `Your new key “${name}”.`, value });
            void refetch();
          }}
        />
      )}
      {problem !== null && (
        <p className="alert alert--error" role="alert">
          {problem}
        </p>
      )}
      <Section title="Keys" testId="api-keys">
        {error && <ErrorState error={error} onRetry={refetch} />}
        {keys === undefined ? (
          loading && <Skeleton label="Loading API keys" />
        ) : keys.length === 0 ? (
          <EmptyState title="No API keys">Create one above to call the API from your servers.</EmptyState>
        ) : (
          <table className="table table--cards" data-testid="api-keys-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Role</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id} className="row" data-testid="api-key-row" data-key-name={key.name}>
                  <td data-label="Name" className="cell-name">
                    {key.name}
                  </td>
                  <td data-label="Key">
                    <code>{key.prefix}…</code>
                  </td>
                  <td data-label="Role">{ROLE_LABELS[key.role]}</td>
                  <td data-label="Last used">
                    {key.lastUsedAt ? (
                      <>
                        <Time iso={key.lastUsedAt} /> {key.lastUsedIp && <span className="muted">from {key.lastUsedIp}</span>}
                      </>
                    ) : (
                      <span className="muted">Never</span>
                    )}
                  </td>
                  <td data-label="Status">
                    {key.revokedAt ? (
                      <Status tone="quiet" testId="api-key-status" value="revoked">
                        Revoked
                      </Status>
                    ) : key.expiresAt && Date.parse(key.expiresAt) < Date.now() ? (
                      <Status tone="quiet" testId="api-key-status" value="expired">
                        Expired
                      </Status>
                    ) : (
                      <Status tone="good" testId="api-key-status" value="active">
                        Active{key.expiresAt && <> until <Time iso={key.expiresAt} /></>}
                      </Status>
                    )}
                  </td>
                  <td data-label="Actions" className="cell-actions">
                    {canManage && !key.revokedAt && (
                      <>
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() =>
                            void act(async () => {
                              const result = await rotate({ variables: { id: key.id } });
                              const rotated = result.data?.rotateApiKey;
                              if (rotated) setSecret({ label: `The new secret for “${key.name}”. The old one keeps working until ${new Date(rotated.previousKeyExpiresAt).toLocaleString()}.`, value: rotated.secret });
                            })
                          }
                        >
                          Rotate<span className="visually-hidden"> {key.name}</span>
                        </button>
                        <button
                          type="button"
                          className="button button--small button--danger"
                          onClick={() => {
                            if (window.confirm(`Revoke “${key.name}”? Requests with it are refused at once.`)) void act(() => revoke({ variables: { id: key.id } }));
                          }}
                          data-testid="api-key-revoke"
                        >
                          Revoke<span className="visually-hidden"> {key.name}</span>
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}

const ROLES: readonly MemberRole[] = ['ADMIN', 'MEMBER', 'VIEWER'];

function CreateKeyForm({ onCreated }: { readonly onCreated: (secret: string, name: string) => void }) {
  const ids = { name: useId(), role: useId() };
  const [name, setName] = useState('');
  const [role, setRole] = useState<MemberRole>('MEMBER');
  const [problem, setProblem] = useState<string | null>(null);
  const [create, { loading }] = useMutation(CreateApiKey);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!name.trim()) return setProblem('Give the key a name, such as “Billing server”.');
    setProblem(null);
    try {
      const result = await create({ variables: { input: { name: name.trim(), role } } });
      const secret = result.data?.createApiKey.secret;
      if (secret) onCreated(secret, name.trim());
      setName('');
    } catch (error) {
      setProblem(describeError(error));
    }
  }

  return (
    <form className="card create-form" onSubmit={(event) => void submit(event)} noValidate aria-label="Create an API key">
      <h2 className="card__title create-form__title">Create an API key</h2>
      <label className="field field--grow" htmlFor={ids.name}>
        <span className="field__label">Name</span>
        <input id={ids.name} className="input" value={name} maxLength={100} onChange={(event) => { setName(event.target.value); setProblem(null); }} data-testid="api-key-name" />
      </label>
      <label className="field" htmlFor={ids.role}>
        <span className="field__label">Role</span>
        <select id={ids.role} className="input" value={role} onChange={(event) => setRole(event.target.value as MemberRole)} data-testid="api-key-role">
          {ROLES.map((entry) => (
            <option key={entry} value={entry}>
              {ROLE_LABELS[entry]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button--primary create-form__submit" disabled={loading} data-testid="api-key-create">
        Create key
      </button>
      {problem !== null && (
        <p className="alert alert--error create-form__problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
