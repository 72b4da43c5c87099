import { useEffect, useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useSubscription } from '@apollo/client';
import { useDashboard } from '../app/dashboard.context';
import { useSearchParams } from '../app/router';
import { graphql } from '../gql';
import type { WebhookDeliveryStatus } from '../gql/graphql';
import { describeError } from '../graphql/graphql-error.messages';
import { EmptyState, ErrorState, PageHeader, Pager, Section, Skeleton, Status, Time } from '../ui/page.components';
import { SecretOnce } from './secret-once.component';

const WebhookEndpointsQuery = graphql(`
  query WebhookEndpoints {
    webhookEndpoints(first: 50) {
      nodes {
        id
        url
        description
        eventTypes
        status
        disabledReason
        previousSecretExpiresAt
        createdAt
      }
    }
  }
`);

const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($id: ID!, $after: String, $status: WebhookDeliveryStatus) {
    webhookEndpoint(id: $id) {
      id
      deliveries(first: 20, after: $after, status: $status) {
        nodes {
          id
          eventId
          eventType
          status
          attemptCount
          nextAttemptAt
          lastAttemptAt
          lastStatusCode
          createdAt
          event {
            id
            payload
          }
          attempts {
            id
            attemptedAt
            statusCode
            latencyMs
            responseExcerpt
            error
            succeeded
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

// Any event may fan out to a delivery; the log is read again when one happens.
const WebhookActivity = graphql(`
  subscription WebhookActivity($after: ID) {
    paymentEvents(after: $after) {
      id
      type
    }
  }
`);

const CreateWebhookEndpoint = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
      endpoint {
        id
      }
    }
  }
`);

const UpdateWebhookEndpoint = graphql(`
  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      endpoint {
        id
        status
        disabledReason
      }
    }
  }
`);

const RotateWebhookSecret = graphql(`
  mutation RotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      secret
      endpoint {
        id
        previousSecretExpiresAt
      }
    }
  }
`);

const SendTestEvent = graphql(`
  mutation SendTestEvent($endpointId: ID!) {
    sendTestEvent(endpointId: $endpointId) {
      eventId
    }
  }
`);

const RetryWebhookDelivery = graphql(`
  mutation RetryWebhookDelivery($id: ID!) {
    retryWebhookDelivery(id: $id) {
      delivery {
        id
        status
      }
    }
  }
`);

// The delivery worker writes the outcome shortly after the event; one more read after this
// long catches it without polling.
const SETTLE_READ_MS = 1_500;

export default function WebhooksPage() {
  const { canManage, mode } = useDashboard();
  const [params, update] = useSearchParams();
  const { data, loading, error, refetch } = useQuery(WebhookEndpointsQuery, { fetchPolicy: 'cache-and-network' });
  const [secret, setSecret] = useState<{ readonly label: string; readonly value: string } | null>(null);
  const endpoints = data?.webhookEndpoints.nodes;
  const selectedId = params.get('endpoint') ?? endpoints?.[0]?.id ?? null;
  const selected = endpoints?.find((endpoint) => endpoint.id === selectedId);

  return (
    <>
      <PageHeader title="Webhooks" subtitle={`Orquesta posts each event to your endpoints, signed with the endpoint’s secret (${mode} mode).`} />
      {secret && <SecretOnce label={secret.label} secret={secret.value} onDismiss={() => setSecret(null)} />}
      {canManage && (
        <CreateEndpointForm
          onCreated={(id, value) => {
            setSecret({ label: 'The signing secret of your new endpoint.', value });
            void refetch().then(() => update({ endpoint: id }));
          }}
        />
      )}
      <Section title="Endpoints" testId="webhook-endpoints">
        {error && <ErrorState error={error} onRetry={refetch} />}
        {endpoints === undefined ? (
          loading && <Skeleton label="Loading endpoints" rows={2} />
        ) : endpoints.length === 0 ? (
          <EmptyState title="No endpoints yet">Add the URL of your server above; Orquesta will post every event you choose to it.</EmptyState>
        ) : (
          <ul className="endpoint-list">
            {endpoints.map((endpoint) => (
              <li key={endpoint.id}>
                <button
                  type="button"
                  className={endpoint.id === selectedId ? 'endpoint endpoint--selected' : 'endpoint'}
                  aria-pressed={endpoint.id === selectedId}
                  onClick={() => update({ endpoint: endpoint.id })}
                  data-testid="webhook-endpoint"
                >
                  <span className="endpoint__url">{endpoint.url}</span>
                  <span className="muted">{endpoint.eventTypes.join(', ')}</span>
                  {endpoint.status === 'ENABLED' ? <Status tone="good">Enabled</Status> : <Status tone="bad">Disabled{endpoint.disabledReason ? ` (${endpoint.disabledReason.toLowerCase()})` : ''}</Status>}
                </button>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {selected && <EndpointDetail key={selected.id} endpoint={selected} canManage={canManage} onSecret={(value) => setSecret({ label: 'The new signing secret.', value })} onChanged={() => void refetch()} />}
    </>
  );
}

interface EndpointView {
  readonly id: string;
  readonly url: string;
  readonly status: string;
  readonly previousSecretExpiresAt?: string | null;
}

function EndpointDetail({ endpoint, canManage, onSecret, onChanged }: { readonly endpoint: EndpointView; readonly canManage: boolean; readonly onSecret: (secret: string) => void; readonly onChanged: () => void }) {
  const [params, update] = useSearchParams();
  const status = params.get('delivery');
  const deliveryStatus: WebhookDeliveryStatus | null = status === 'PENDING' || status === 'SUCCEEDED' || status === 'FAILED' ? status : null;
  const variables = { id: endpoint.id, after: params.get('after'), status: deliveryStatus };
  const { data, loading, error, refetch } = useQuery(WebhookDeliveriesQuery, { variables, fetchPolicy: 'cache-and-network' });
  const [settle, setSettle] = useState(0);
  useSubscription(WebhookActivity, { onData: () => setSettle((count) => count + 1) });
  useEffect(() => {
    if (settle === 0) return;
    void refetch().catch(() => undefined);
    const timer = setTimeout(() => void refetch().catch(() => undefined), SETTLE_READ_MS);
    return () => clearTimeout(timer);
  }, [settle, refetch]);
  const [sendTest, sending] = useMutation(SendTestEvent);
  const [rotate] = useMutation(RotateWebhookSecret);
  const [retry] = useMutation(RetryWebhookDelivery);
  const [toggle] = useMutation(UpdateWebhookEndpoint);
  const [problem, setProblem] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const deliveries = data?.webhookEndpoint?.deliveries;

  async function act(run: () => Promise<unknown>, done?: string) {
    setProblem(null);
    setNote(null);
    try {
      await run();
      if (done) setNote(done);
      setSettle((count) => count + 1);
    } catch (failure) {
      setProblem(describeError(failure));
    }
  }

  return (
    <Section
      title={`Deliveries to ${endpoint.url}`}
      testId="webhook-deliveries"
      actions={
        canManage && (
          <div className="filters">
            <button type="button" className="button button--small button--primary" disabled={sending.loading} onClick={() => void act(() => sendTest({ variables: { endpointId: endpoint.id } }), 'Test event sent. Its delivery appears below.')} data-testid="webhook-send-test">
              Send test event
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={() =>
                void act(async () => {
                  const result = await rotate({ variables: { id: endpoint.id } });
                  const secret = result.data?.rotateWebhookSecret.secret;
                  if (secret) onSecret(secret);
                })
              }
            >
              Rotate secret
            </button>
            <button type="button" className="button button--small" onClick={() => void act(() => toggle({ variables: { input: { id: endpoint.id, enabled: endpoint.status !== 'ENABLED' } } }).then(onChanged))}>
              {endpoint.status === 'ENABLED' ? 'Disable' : 'Enable'}
            </button>
          </div>
        )
      }
    >
      <div className="toolbar toolbar--sub">
        <label className="field field--inline">
          <span className="field__label">Delivery status</span>
          <select className="input" value={status ?? ''} onChange={(event) => update({ delivery: event.target.value })}>
            <option value="">All</option>
            <option value="PENDING">Pending</option>
            <option value="SUCCEEDED">Succeeded</option>
            <option value="FAILED">Failed</option>
          </select>
        </label>
        {endpoint.previousSecretExpiresAt && (
          <span className="muted">
            The previous secret still signs until <Time iso={endpoint.previousSecretExpiresAt} />.
          </span>
        )}
      </div>
      {problem !== null && (
        <p className="alert alert--error alert--inset" role="alert">
          {problem}
        </p>
      )}
      {note !== null && (
        <p className="alert alert--success alert--inset" role="status">
          {note}
        </p>
      )}
      {error && <ErrorState error={error} onRetry={refetch} />}
      {deliveries === undefined ? (
        loading && <Skeleton label="Loading deliveries" rows={2} />
      ) : deliveries.nodes.length === 0 ? (
        <EmptyState title="No deliveries yet">Press “Send test event”, or move money: every event this endpoint listens to is delivered here.</EmptyState>
      ) : (
        <ul className="deliveries" data-testid="webhook-delivery-list">
          {deliveries.nodes.map((delivery) => (
            <li key={delivery.id} className="delivery" data-testid="webhook-delivery" data-status={delivery.status}>
              <button type="button" className="delivery__summary" aria-expanded={open === delivery.id} onClick={() => setOpen(open === delivery.id ? null : delivery.id)}>
                <Status tone={delivery.status === 'SUCCEEDED' ? 'good' : delivery.status === 'FAILED' ? 'bad' : 'warn'}>{delivery.status.toLowerCase()}</Status>
                <code>{delivery.eventType}</code>
                <span className="muted">
                  {delivery.lastStatusCode ? `HTTP ${delivery.lastStatusCode}` : 'no answer yet'} · {delivery.attemptCount} attempt{delivery.attemptCount === 1 ? '' : 's'}
                </span>
                <Time iso={delivery.createdAt} />
              </button>
              {open === delivery.id && (
                <div className="delivery__body">
                  <h3 className="delivery__heading">Request body</h3>
                  <pre className="code-block">{JSON.stringify({ id: delivery.eventId, type: delivery.eventType, data: delivery.event?.payload ?? null }, null, 2)}</pre>
                  <h3 className="delivery__heading">Attempts</h3>
                  {delivery.attempts.length === 0 ? (
                    <p className="muted">Not attempted yet{delivery.nextAttemptAt ? <> (next at <Time iso={delivery.nextAttemptAt} />)</> : null}.</p>
                  ) : (
                    <ol className="plain-list">
                      {delivery.attempts.map((attempt) => (
                        <li key={attempt.id}>
                          <Time iso={attempt.attemptedAt} /> · {attempt.statusCode ? `HTTP ${attempt.statusCode}` : 'no response'} in {attempt.latencyMs} ms
                          {attempt.error && <span className="text-bad"> · {attempt.error}</span>}
                          {attempt.responseExcerpt && <pre className="code-block">{attempt.responseExcerpt}</pre>}
                        </li>
                      ))}
                    </ol>
                  )}
                  {canManage && delivery.status !== 'PENDING' && (
                    <button type="button" className="button button--small" onClick={() => void act(() => retry({ variables: { id: delivery.id } }), 'Delivery queued again.')}>
                      Retry delivery
                    </button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pager pageInfo={deliveries?.pageInfo} shown={deliveries?.nodes.length ?? 0} />
    </Section>
  );
}

function CreateEndpointForm({ onCreated }: { readonly onCreated: (id: string, secret: string) => void }) {
  const ids = { url: useId(), types: useId(), description: useId() };
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState('*');
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [create, { loading }] = useMutation(CreateWebhookEndpoint);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!/^https?:\/\//.test(url.trim())) return setProblem('Enter the full URL, starting with https://');
    const eventTypes = types.split(',').map((type) => type.trim()).filter(Boolean);
    if (eventTypes.length === 0) return setProblem('Name at least one event type, or * for all.');
    setProblem(null);
    try {
      const result = await create({ variables: { input: { url: url.trim(), eventTypes, description: description.trim() || null } } });
      const created = result.data?.createWebhookEndpoint;
      if (created) onCreated(created.endpoint.id, created.secret);
      setUrl('');
    } catch (error) {
      setProblem(describeError(error));
    }
  }

  return (
    <form className="card create-form" onSubmit={(event) => void submit(event)} noValidate aria-label="Add an endpoint">
      <h2 className="card__title create-form__title">Add an endpoint</h2>
      <label className="field field--grow" htmlFor={ids.url}>
        <span className="field__label">Endpoint URL</span>
        <input id={ids.url} className="input input--mono" type="url" placeholder="https://example.com/orquesta/webhooks" value={url} onChange={(event) => { setUrl(event.target.value); setProblem(null); }} data-testid="webhook-url" />
      </label>
      <label className="field" htmlFor={ids.types}>
        <span className="field__label">Event types</span>
        <input id={ids.types} className="input input--mono" value={types} onChange={(event) => setTypes(event.target.value)} aria-describedby={`${ids.types}-hint`} data-testid="webhook-types" />
        <span className="field__hint" id={`${ids.types}-hint`}>
          Comma separated; * for all, transfer.* for a family.
        </span>
      </label>
      <label className="field" htmlFor={ids.description}>
        <span className="field__label">Description (optional)</span>
        <input id={ids.description} className="input" value={description} maxLength={200} onChange={(event) => setDescription(event.target.value)} />
      </label>
      <button type="submit" className="button button--primary create-form__submit" disabled={loading} data-testid="webhook-create">
        Add endpoint
      </button>
      {problem !== null && (
        <p className="alert alert--error create-form__problem" role="alert" data-testid="webhook-error">
          {problem}
        </p>
      )}
    </form>
  );
}
