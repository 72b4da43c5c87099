import { useId, useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client';
import { useDashboard } from '../app/dashboard.context';
import { useDismiss } from '../app/dismiss.hook';
import { graphql } from '../gql';
import { describeError } from '../graphql/graphql-error.messages';
import { checkAmount, CURRENCIES, isCurrencyCode, type CurrencyCode } from '../transfers/money-amount.rules';
import { formatMoney } from './money.format';

// Test mode only: simulated money arriving from outside, so a new tenant can try a transfer.
// The answer carries the account's balances, so every view of the account updates from it.
const AddTestFunds = graphql(`
  mutation AddTestFunds($input: SimulateDepositInput!) {
    simulateDeposit(input: $input) {
      account {
        id
        updatedAt
        balances {
          currency
          available
          total
        }
      }
    }
  }
`);

/** "Add test funds" beside an account's balances; renders nothing in live mode or for viewers. */
export function TestFundsButton({ accountId, accountName }: { readonly accountId: string; readonly accountName: string }) {
  const { mode, canMoveMoney } = useDashboard();
  const menu = useRef<HTMLDetailsElement>(null);
  useDismiss(menu);
  const amountId = useId();
  const currencyId = useId();
  const [amount, setAmount] = useState('1000.00');
  const [currency, setCurrency] = useState<CurrencyCode>('USD');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [deposit, { loading }] = useMutation(AddTestFunds);
  if (mode !== 'test' || !canMoveMoney) return null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkAmount(amount, currency);
    if (!checked.ok) return setProblem(checked.problem);
    setProblem(null);
    setDone(null);
    try {
      await deposit({ variables: { input: { accountId, amount: { amount: checked.amount, currency }, idempotencyKey: crypto.randomUUID() } } });
      setDone(`Added ${formatMoney(checked.amount, currency)} to ${accountName}.`);
    } catch (error) {
      setProblem(describeError(error));
    }
  }

  return (
    <details className="menu test-funds" ref={menu} data-testid="test-funds">
      <summary className="button button--small test-funds__button" data-testid="test-funds-open">
        Add test funds<span className="visually-hidden"> to {accountName}</span>
      </summary>
      <form className="menu__panel test-funds__panel" onSubmit={(event) => void submit(event)} noValidate>
        <p className="menu__title">Add test funds</p>
        <p className="muted">Simulated money, test mode only.</p>
        <div className="test-funds__fields">
          <label className="field" htmlFor={amountId}>
            <span className="field__label">Amount</span>
            <input id={amountId} className="input input--mono" inputMode="decimal" value={amount} onChange={(event) => { setAmount(event.target.value); setProblem(null); }} data-testid="test-funds-amount" />
          </label>
          <label className="field" htmlFor={currencyId}>
            <span className="field__label">Currency</span>
            <select id={currencyId} className="input" value={currency} onChange={(event) => isCurrencyCode(event.target.value) && setCurrency(event.target.value)} data-testid="test-funds-currency">
              {CURRENCIES.map((entry) => (
                <option key={entry.code} value={entry.code}>
                  {entry.code}
                </option>
              ))}
            </select>
          </label>
        </div>
        {problem !== null && (
          <p className="alert alert--error" role="alert">
            {problem}
          </p>
        )}
        {done !== null && (
          <p className="alert alert--success" role="status" data-testid="test-funds-done">
            {done}
          </p>
        )}
        <button type="submit" className="button button--primary button--block" disabled={loading} data-testid="test-funds-submit">
          {loading ? 'Adding…' : 'Add funds'}
        </button>
      </form>
    </details>
  );
}
