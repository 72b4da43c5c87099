import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { useDashboard } from '../app/dashboard.context';
import { graphql } from '../gql';
import { describeError } from '../graphql/graphql-error.messages';
import { checkAmount, isCurrencyCode } from '../transfers/money-amount.rules';
import { EmptyState, ErrorState, Money, PageHeader, Section, Skeleton, Status, Time } from '../ui/page.components';

const TreasuryQuery = graphql(`
  query Treasury {
    treasuryOverview {
      asOf
      balances {
        currency
        balance {
          amount
          currency
        }
        inFlight {
          amount
          currency
        }
      }
      floats {
        rail
        low
        balance {
          amount
          currency
        }
        inFlight {
          amount
          currency
        }
      }
      alerts {
        rail
        message
        shortfall {
          amount
          currency
        }
      }
    }
    reconciliationRuns(first: 10) {
      id
      startedAt
      finishedAt
      matched
      mismatched
      items {
        rail
        transferId
        outcome
        ledgerAmount {
          amount
          currency
        }
        railAmount {
          amount
          currency
        }
      }
    }
  }
`);

const Rebalance = graphql(`
  mutation Rebalance($input: RebalanceLiquidityInput!) {
    rebalanceLiquidity(input: $input) {
      asOf
    }
  }
`);

const RunReconciliation = graphql(`
  mutation RunReconciliation {
    runReconciliation {
      id
    }
  }
`);

export default function TreasuryPage() {
  const { canManage } = useDashboard();
  const { data, loading, error, refetch } = useQuery(TreasuryQuery, { fetchPolicy: 'cache-and-network' });
  const [reconcile, reconciling] = useMutation(RunReconciliation);
  const [problem, setProblem] = useState<string | null>(null);
  const overview = data?.treasuryOverview;

  return (
    <>
      <PageHeader
        title="Treasury"
        subtitle={overview ? <>Liquidity by currency and rail, as of <Time iso={overview.asOf} />.</> : 'Liquidity by currency and rail.'}
        actions={
          canManage && (
            <button
              type="button"
              className="button"
              disabled={reconciling.loading}
              onClick={() =>
                void reconcile()
                  .then(() => refetch())
                  .catch((failure: unknown) => setProblem(describeError(failure)))
              }
              data-testid="run-reconciliation"
            >
              {reconciling.loading ? 'Reconciling…' : 'Run reconciliation'}
            </button>
          )
        }
      />
      {problem !== null && (
        <p className="alert alert--error" role="alert">
          {problem}
        </p>
      )}
      {error && <ErrorState error={error} onRetry={refetch} />}
      {!overview ? (
        loading && <Skeleton label="Loading treasury" />
      ) : (
        <>
          {overview.alerts.map((alert) => (
            <p key={alert.rail} className="alert alert--error" role="status">
              {alert.message} (short by <Money value={alert.shortfall} />)
            </p>
          ))}
          <div className="kpis">
            {overview.balances.map((entry) => (
              <div key={entry.currency} className="kpi">
                <p className="kpi__label">{entry.currency}</p>
                <p className="kpi__value">
                  <Money value={entry.balance} />
                </p>
                <p className="kpi__compare muted">
                  in flight <Money value={entry.inFlight} />
                </p>
              </div>
            ))}
          </div>
          <Section title="Rail floats" testId="rail-floats">
            {overview.floats.length === 0 ? (
              <EmptyState title="No rail floats" />
            ) : (
              <table className="table table--cards">
                <thead>
                  <tr>
                    <th scope="col">Rail</th>
                    <th scope="col">Balance</th>
                    <th scope="col">In flight</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.floats.map((float) => (
                    <tr key={float.rail} className="row">
                      <td data-label="Rail">{float.rail}</td>
                      <td data-label="Balance">
                        <Money value={float.balance} />
                      </td>
                      <td data-label="In flight">
                        <Money value={float.inFlight} />
                      </td>
                      <td data-label="State">{float.low ? <Status tone="bad">Low</Status> : <Status tone="good">OK</Status>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Section>
          {canManage && <RebalanceForm rails={overview.floats.map((float) => ({ rail: float.rail, currency: float.balance.currency }))} onDone={() => void refetch()} />}
        </>
      )}
      <Section title="Reconciliation runs" testId="reconciliation-runs">
        {!data ? null : data.reconciliationRuns.length === 0 ? (
          <EmptyState title="No reconciliation runs yet">Press “Run reconciliation” to compare the ledger with what each rail reports.</EmptyState>
        ) : (
          <ul className="runs">
            {data.reconciliationRuns.map((run) => {
              const differences = run.items.filter((item) => item.outcome !== 'MATCHED' && item.outcome !== 'matched');
              return (
                <li key={run.id} className="run">
                  <p>
                    <Time iso={run.startedAt} /> · {run.matched} matched · {run.mismatched > 0 ? <Status tone="bad">{run.mismatched} differences</Status> : <Status tone="good">no differences</Status>}
                  </p>
                  {differences.length > 0 && (
                    <table className="table table--cards">
                      <thead>
                        <tr>
                          <th scope="col">Rail</th>
                          <th scope="col">Transfer</th>
                          <th scope="col">Outcome</th>
                          <th scope="col">Ledger</th>
                          <th scope="col">Rail says</th>
                        </tr>
                      </thead>
                      <tbody>
                        {differences.map((item) => (
                          <tr key={`${item.rail}:${item.transferId}`} className="row">
                            <td data-label="Rail">{item.rail}</td>
                            <td data-label="Transfer">
                              <code>{item.transferId.slice(0, 8)}</code>
                            </td>
                            <td data-label="Outcome">{item.outcome}</td>
                            <td data-label="Ledger">{item.ledgerAmount ? <Money value={item.ledgerAmount} /> : '—'}</td>
                            <td data-label="Rail says">{item.railAmount ? <Money value={item.railAmount} /> : '—'}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Section>
    </>
  );
}

function RebalanceForm({ rails, onDone }: { readonly rails: ReadonlyArray<{ readonly rail: string; readonly currency: string }>; readonly onDone: () => void }) {
  const ids = { from: useId(), to: useId(), amount: useId() };
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [message, setMessage] = useState<{ readonly tone: 'error' | 'success'; readonly text: string } | null>(null);
  const [rebalance, { loading }] = useMutation(Rebalance);
  const currency = rails.find((entry) => entry.rail === from)?.currency ?? 'USD';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!from || !to) return setMessage({ tone: 'error', text: 'Choose both rails.' });
    const checked = isCurrencyCode(currency) ? checkAmount(amount, currency) : ({ ok: true, amount } as const);
    if (!checked.ok) return setMessage({ tone: 'error', text: checked.problem });
    try {
      await rebalance({ variables: { input: { fromRail: from, toRail: to, amount: { amount: checked.amount, currency }, idempotencyKey: crypto.randomUUID() } } });
      setMessage({ tone: 'success', text: 'Moved.' });
      onDone();
    } catch (error) {
      setMessage({ tone: 'error', text: describeError(error) });
    }
  }

  return (
    <form className="card create-form" onSubmit={(event) => void submit(event)} noValidate aria-label="Rebalance">
      <h2 className="card__title create-form__title">Rebalance</h2>
      <label className="field" htmlFor={ids.from}>
        <span className="field__label">From rail</span>
        <select id={ids.from} className="input" value={from} onChange={(event) => setFrom(event.target.value)}>
          <option value="">Choose…</option>
          {rails.map((entry) => (
            <option key={entry.rail} value={entry.rail}>
              {entry.rail} ({entry.currency})
            </option>
          ))}
        </select>
      </label>
      <label className="field" htmlFor={ids.to}>
        <span className="field__label">To rail</span>
        <select id={ids.to} className="input" value={to} onChange={(event) => setTo(event.target.value)}>
          <option value="">Choose…</option>
          {rails.map((entry) => (
            <option key={entry.rail} value={entry.rail}>
              {entry.rail} ({entry.currency})
            </option>
          ))}
        </select>
      </label>
      <label className="field field--amount" htmlFor={ids.amount}>
        <span className="field__label">Amount ({currency})</span>
        <input id={ids.amount} className="input input--mono" inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />
      </label>
      <button type="submit" className="button button--primary create-form__submit" disabled={loading}>
        Move liquidity
      </button>
      {message !== null && (
        <p className={`alert alert--${message.tone} create-form__problem`} role={message.tone === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
