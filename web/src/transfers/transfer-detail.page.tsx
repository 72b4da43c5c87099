import { useState } from 'react';
import { useMutation, useQuery, useSubscription } from '@apollo/client';
import { useDashboard } from '../app/dashboard.context';
import { NotFoundPage } from '../app/not-found.page';
import { Link } from '../app/router';
import type { PageProps } from '../app/routes';
import { getFragmentData, graphql } from '../gql';
import type { ManualAction } from '../gql/graphql';
import { describeError } from '../graphql/graphql-error.messages';
import { EmptyState, ErrorState, Money, PageHeader, Section, Skeleton, Status, Time } from '../ui/page.components';
import { TRANSFER_STATUS_LABELS, TRANSFER_TYPE_LABELS, TransferParties } from './transfer-row.component';

const TransferDetailFields = graphql(`
  fragment TransferDetailFields on Transfer {
    id
    type
    status
    description
    idempotencyKey
    failureReason
    createdAt
    updatedAt
    completedAt
    amount {
      amount
      currency
    }
    fee {
      amount
      currency
    }
    initiatedBy {
      type
      id
      name
    }
    from {
      id
      name
    }
    to {
      id
      name
    }
    route {
      corridor
      rail
      chain
      reasoning
      decidedAt
      alternatives {
        rail
        eligible
        reason
        score
        settlementSeconds
        successRate
        fee {
          amount
          currency
        }
      }
    }
    payout {
      network
      destination
      rate
      quoteId
      rail
      stage
      targetAmount {
        amount
        currency
      }
      attempts {
        rail
        outcome
        code
        at
      }
      manualSteps {
        id
        kind
        description
        options
        resolvedAt
        resolution
      }
    }
  }
`);

const TransferDetailQuery = graphql(`
  query TransferDetail($id: ID!) {
    transfer(id: $id) {
      id
      ...TransferDetailFields
    }
    events(entityId: $id, first: 50) {
      nodes {
        id
        type
        createdAt
      }
    }
  }
`);

// The ledger side: each account's newest entries, kept to the ones this transfer posted.
const TransferLedgerQuery = graphql(`
  query TransferLedger($id: ID!) {
    transfer(id: $id) {
      id
      from {
        id
        ...TransferLedgerEntries
      }
      to {
        id
        ...TransferLedgerEntries
      }
    }
  }
`);

const TransferLedgerEntriesFragment = graphql(`
  fragment TransferLedgerEntries on Account {
    name
    ledgerEntries(first: 30) {
      nodes {
        id
        ledgerTransferId
        direction
        phase
        reason
        reference
        createdAt
        amount {
          amount
          currency
        }
        balanceAfter {
          amount
          currency
        }
      }
    }
  }
`);

const TransferDetailLive = graphql(`
  subscription TransferDetailLive($id: ID!, $after: ID) {
    transferUpdated(id: $id, after: $after) {
      id
      ...TransferDetailFields
    }
  }
`);

const ResolveManualStep = graphql(`
  mutation ResolveManualStep($input: ResolveManualStepInput!) {
    resolveManualStep(input: $input) {
      transfer {
        id
        ...TransferDetailFields
      }
    }
  }
`);

const CancelPayout = graphql(`
  mutation CancelPayout($input: CancelPayoutInput!) {
    cancelPayout(input: $input) {
      transfer {
        id
        ...TransferDetailFields
      }
    }
  }
`);

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

export default function TransferDetailPage({ params }: PageProps) {
  const id = params.id ?? '';
  const { canMoveMoney } = useDashboard();
  const { data, loading, error, refetch } = useQuery(TransferDetailQuery, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const ledger = useQuery(TransferLedgerQuery, { variables: { id } });
  // Status changes push the whole transfer; the timeline's events are read again with it.
  useSubscription(TransferDetailLive, {
    variables: { id },
    onData: () => {
      void refetch().catch(() => undefined);
      void ledger.refetch().catch(() => undefined);
    },
  });
  const [resolve, resolving] = useMutation(ResolveManualStep);
  const [cancel, cancelling] = useMutation(CancelPayout);
  const [actionProblem, setActionProblem] = useState<string | null>(null);

  if (error && !data) return <ErrorState error={error} onRetry={refetch} />;
  if (!data) return <Skeleton label="Loading transfer" />;
  if (!data.transfer) return <NotFoundPage />;
  const transfer = getFragmentData(TransferDetailFields, data.transfer);
  const status = TRANSFER_STATUS_LABELS[transfer.status];
  const isPayout = transfer.type === 'PAYOUT';

  async function act(run: () => Promise<unknown>) {
    setActionProblem(null);
    try {
      await run();
    } catch (problem) {
      setActionProblem(describeError(problem));
    }
  }

  return (
    <>
      <PageHeader
        title={isPayout ? 'Payout' : TRANSFER_TYPE_LABELS[transfer.type]}
        subtitle={
          <>
            <Link to={isPayout ? '/payouts' : '/transfers'}>{isPayout ? 'Payouts' : 'Transfers'}</Link> / <code>{transfer.id}</code>
          </>
        }
        actions={
          isPayout && canMoveMoney && (transfer.status === 'PENDING' || transfer.status === 'PROCESSING') ? (
            <button type="button" className="button" disabled={cancelling.loading} onClick={() => void act(() => cancel({ variables: { input: { transferId: transfer.id } } }))} data-testid="payout-cancel">
              Cancel payout
            </button>
          ) : undefined
        }
      />
      {actionProblem !== null && (
        <p className="alert alert--error" role="alert">
          {actionProblem}
        </p>
      )}
      <section className="card summary" data-testid="transfer-summary">
        <div className="summary__amount">
          <Money value={transfer.amount} testId="detail-amount" />
          <Status tone={status.tone} testId="detail-status" value={transfer.status}>
            {status.text}
          </Status>
        </div>
        <p className="summary__parties">
          <TransferParties transfer={transfer} />
        </p>
        <dl className="facts">
          {transfer.payout && (
            <>
              <dt>Payee</dt>
              <dd data-testid="detail-payee">
                {transfer.payout.destination} · {transfer.payout.network}
              </dd>
              <dt>They receive</dt>
              <dd>
                <Money value={transfer.payout.targetAmount} />
                {transfer.payout.targetAmount.currency !== transfer.amount.currency && <span className="muted"> at {transfer.payout.rate}</span>}
              </dd>
              <dt>Stage</dt>
              <dd>{transfer.payout.stage}</dd>
            </>
          )}
          <dt>Fee</dt>
          <dd>
            <Money value={transfer.fee} />
          </dd>
          <dt>Initiated by</dt>
          <dd>
            {transfer.initiatedBy.name ?? transfer.initiatedBy.id.slice(0, 8)} <span className="muted">({transfer.initiatedBy.type.toLowerCase().replace('_', ' ')})</span>
          </dd>
          <dt>Created</dt>
          <dd>
            <Time iso={transfer.createdAt} />
          </dd>
          {transfer.completedAt && (
            <>
              <dt>Completed</dt>
              <dd>
                <Time iso={transfer.completedAt} />
              </dd>
            </>
          )}
          {transfer.description && (
            <>
              <dt>Description</dt>
              <dd>{transfer.description}</dd>
            </>
          )}
          {transfer.idempotencyKey && (
            <>
              <dt>Reference</dt>
              <dd>
                <code>{transfer.idempotencyKey}</code>
              </dd>
            </>
          )}
          {transfer.failureReason && (
            <>
              <dt>Why it failed</dt>
              <dd className="text-bad">{transfer.failureReason}</dd>
            </>
          )}
        </dl>
      </section>

      {transfer.payout && transfer.payout.manualSteps.length > 0 && (
        <Section title="Needs a decision" testId="manual-steps">
          <ul className="steps">
            {transfer.payout.manualSteps.map((step) => (
              <li key={step.id} className="step" data-testid="manual-step">
                <p>{step.description}</p>
                {step.resolvedAt ? (
                  <p className="muted">
                    Resolved <Time iso={step.resolvedAt} />: {step.resolution}
                  </p>
                ) : canMoveMoney ? (
                  <div className="step__actions">
                    {step.options.map((option) => {
                      const [action, rail] = option.split(':') as [ManualAction, string | undefined];
                      return (
                        <button
                          key={option}
                          type="button"
                          className={action === 'REFUND' ? 'button' : 'button button--primary'}
                          disabled={resolving.loading}
                          onClick={() => void act(() => resolve({ variables: { input: { transferId: transfer.id, stepId: step.id, action, rail: rail ?? null } } }))}
                          data-testid="manual-step-action"
                        >
                          {action === 'REFUND' ? 'Refund the sender' : `Retry on ${rail}`}
                        </button>
                      );
                    })}
                  </div>
                ) : (
                  <p className="muted">An owner, admin or member can resolve this.</p>
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}

      {transfer.route && (
        <Section title="Route" testId="payout-route">
          <div className="route">
            <p className="route__reasoning" data-testid="route-reasoning">
              {transfer.route.reasoning}
            </p>
            <p className="muted">
              Corridor <code>{transfer.route.corridor}</code> · chosen rail <strong>{transfer.route.rail ?? 'none'}</strong>
              {transfer.route.chain.length > 1 && <> · fallback order {transfer.route.chain.join(' → ')}</>} · decided <Time iso={transfer.route.decidedAt} />
            </p>
          </div>
          <table className="table table--cards" data-testid="route-alternatives">
            <thead>
              <tr>
                <th scope="col">Rail</th>
                <th scope="col">Eligible</th>
                <th scope="col">Score</th>
                <th scope="col">Fee</th>
                <th scope="col">Settles in</th>
                <th scope="col">Success rate</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {transfer.route.alternatives.map((alternative) => (
                <tr key={alternative.rail} className={alternative.rail === transfer.route?.rail ? 'row row--chosen' : 'row'}>
                  <td data-label="Rail">
                    <strong>{alternative.rail}</strong>
                    {alternative.rail === transfer.route?.rail && <span className="tag tag--accent">chosen</span>}
                  </td>
                  <td data-label="Eligible">{alternative.eligible ? 'Yes' : 'No'}</td>
                  <td data-label="Score">{alternative.score.toFixed(2)}</td>
                  <td data-label="Fee">
                    <Money value={alternative.fee} />
                  </td>
                  <td data-label="Settles in">{describeSeconds(alternative.settlementSeconds)}</td>
                  <td data-label="Success rate">{percent.format(alternative.successRate)}</td>
                  <td data-label="Why">{alternative.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}

      <Section title="Timeline" testId="transfer-timeline">
        <ol className="timeline">
          {[
            ...data.events.nodes.map((event) => ({ key: event.id, at: event.createdAt, text: describeEvent(event.type), tone: toneOfEvent(event.type) })),
            ...(transfer.payout?.attempts ?? []).map((attempt, index) => ({
              key: `attempt-${index}`,
              at: attempt.at,
              text: `Attempt on ${attempt.rail}: ${attempt.outcome.toLowerCase()}${attempt.code ? ` (${attempt.code})` : ''}`,
              tone: attempt.outcome === 'SUCCEEDED' || attempt.outcome === 'succeeded' ? 'good' : 'warn',
            })),
          ]
            .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
            .map((item) => (
              <li key={item.key} className={`timeline__item timeline__item--${item.tone}`} data-testid="timeline-item">
                <Time iso={item.at} />
                <span>{item.text}</span>
              </li>
            ))}
        </ol>
      </Section>

      <Section title="Ledger entries" testId="ledger-entries">
        {ledger.error ? (
          <ErrorState error={ledger.error} onRetry={ledger.refetch} />
        ) : !ledger.data ? (
          <Skeleton label="Loading ledger entries" rows={2} />
        ) : (
          <LedgerEntries
            transferId={transfer.id}
            accounts={[ledger.data.transfer?.from, ledger.data.transfer?.to].flatMap((account) =>
              account ? [{ id: account.id, ...getFragmentData(TransferLedgerEntriesFragment, account) }] : [],
            )}
          />
        )}
      </Section>
    </>
  );
}

interface LedgerAccount {
  readonly id: string;
  readonly name: string;
  readonly ledgerEntries: { readonly nodes: ReadonlyArray<LedgerEntryView> };
}

interface LedgerEntryView {
  readonly id: string;
  readonly ledgerTransferId: string;
  readonly direction: string;
  readonly phase: string;
  readonly reason: string;
  readonly reference?: string | null;
  readonly createdAt: string;
  readonly amount: { readonly amount: string; readonly currency: string };
  readonly balanceAfter: { readonly amount: string; readonly currency: string };
}

function LedgerEntries({ transferId, accounts }: { readonly transferId: string; readonly accounts: readonly LedgerAccount[] }) {
  const rows = accounts.flatMap((account) =>
    account.ledgerEntries.nodes.filter((entry) => entry.ledgerTransferId === transferId || entry.reference === transferId).map((entry) => ({ account, entry })),
  );
  if (rows.length === 0) {
    return <EmptyState title="No ledger entries on your accounts">Money that left for, or came from, outside Orquesta is posted to platform accounts you do not see.</EmptyState>;
  }
  return (
    <table className="table table--cards">
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col">Direction</th>
          <th scope="col">Amount</th>
          <th scope="col">Balance after</th>
          <th scope="col">Phase</th>
          <th scope="col">When</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ account, entry }) => (
          <tr key={entry.id} className="row">
            <td data-label="Account">
              <Link to={`/accounts/${account.id}`}>{account.name}</Link>
            </td>
            <td data-label="Direction">{entry.direction === 'DEBIT' ? 'Debit' : 'Credit'}</td>
            <td data-label="Amount">
              <Money value={entry.amount} />
            </td>
            <td data-label="Balance after">
              <Money value={entry.balanceAfter} />
            </td>
            <td data-label="Phase">{entry.phase.toLowerCase()}</td>
            <td data-label="When">
              <Time iso={entry.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function describeSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h`;
  const days = Math.round(seconds / 86_400);
  return days === 1 ? '1 day' : `${days} days`;
}

const EVENT_TEXT: Record<string, string> = {
  'transfer.created': 'Created',
  'transfer.processing': 'Sent to the rail',
  'transfer.completed': 'Completed',
  'transfer.failed': 'Failed',
  'transfer.cancelled': 'Cancelled',
  'transfer.requires_manual_intervention': 'Waiting for a decision',
};

function describeEvent(type: string): string {
  return EVENT_TEXT[type] ?? type;
}

function toneOfEvent(type: string): string {
  if (type.endsWith('completed')) return 'good';
  if (type.endsWith('failed') || type.endsWith('manual_intervention')) return 'bad';
  return 'quiet';
}
