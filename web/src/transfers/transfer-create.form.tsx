import { useId, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { useDashboard } from '../app/dashboard.context';
import { graphql } from '../gql';
import { formatMoney } from '../money/money.format';
import type { TransferStatus } from '../gql/graphql';
import { describeError, errorCode } from '../graphql/graphql-error.messages';
import { AMOUNT_LENGTH_MAX, CURRENCIES, checkAmount, isCurrencyCode, type CurrencyCode } from './money-amount.rules';
import { TRANSFER_STATUS_LABELS } from './transfer-row.component';

// The accounts to pay from and to: all of the tenant's (up to the page bound), whatever the
// accounts list below is searching for. Balances come from the same normalised Account, so the
// "available" hint follows the live updates the rows receive.
export const TransferAccountsQuery = graphql(`
  query TransferAccounts($first: Int!) {
    accounts(first: $first) {
      nodes {
        id
        name
        balances {
          currency
          available
          total
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

// Both accounts come back with their balances, so the rows and the hint update from the
// answer itself even before the live event arrives.
const CreateInternalTransfer = graphql(`
  mutation CreateInternalTransfer($input: CreateInternalTransferInput!) {
    createInternalTransfer(input: $input) {
      transfer {
        id
        status
        amount {
          amount
          currency
        }
        from {
          id
          name
          balances {
            currency
            available
            total
          }
        }
        to {
          id
          name
          balances {
            currency
            available
            total
          }
        }
      }
    }
  }
`);

// The picker lists at most this many accounts (the graph's page bound).
const ACCOUNTS_MAX = 100;
const DESCRIPTION_LENGTH_MAX = 500;

// Codes after which the server may have moved the money without the answer reaching us: a retry
// of the same form must carry the same key. Any other code is a definite refusal (nothing moved).
const UNCERTAIN_CODES: ReadonlySet<string | undefined> = new Set([undefined, 'INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE']);

interface Attempt {
  /** What was submitted; the key belongs to exactly this content. */
  readonly content: string;
  readonly idempotencyKey: string;
}

type Outcome =
  | {
      readonly kind: 'moved';
      readonly id: string;
      readonly status: TransferStatus;
      readonly amount: string;
      readonly currency: string;
      readonly fromName: string;
      readonly toName: string;
    }
  | { readonly kind: 'failed'; readonly message: string; readonly retrySafe: boolean }
  | null;

interface TransferCreateFormProps {
  /** Called once the transfer exists, so the recent transfers can be refreshed to include it. */
  readonly onTransferred: () => Promise<unknown>;
}

export function TransferCreateForm({ onTransferred }: TransferCreateFormProps) {
  const { mode } = useDashboard();
  const ids = { from: useId(), to: useId(), amount: useId(), currency: useId(), description: useId(), title: useId() };
  const [fromAccountId, setFromAccountId] = useState('');
  const [toAccountId, setToAccountId] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState<CurrencyCode>('USD');
  const [description, setDescription] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  // The key of a submission whose outcome is unknown (network error, server failure). A retry
  // of the same content reuses it, so the server answers with the original transfer instead of
  // moving the money again. Different details are a different submission, with a new key.
  const pending = useRef<Attempt | null>(null);

  const accountsQuery = useQuery(TransferAccountsQuery, { variables: { first: ACCOUNTS_MAX }, fetchPolicy: 'cache-and-network' });
  const [createInternalTransfer, { loading }] = useMutation(CreateInternalTransfer);
  const accounts = accountsQuery.data?.accounts.nodes ?? [];
  const payer = accounts.find((account) => account.id === fromAccountId);
  const payerBalance = payer?.balances.find((balance) => balance.currency === currency);

  // A changed detail is a new submission: an earlier refusal or success no longer describes it,
  // and leaving it beside the new "available" hint would contradict it.
  function edited<T>(set: (value: T) => void): (value: T) => void {
    return (value) => {
      set(value);
      setOutcome(null);
    };
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (loading) return;
    if (fromAccountId === '' || toAccountId === '') {
      setOutcome({ kind: 'failed', message: 'Choose the account that pays and the account that receives.', retrySafe: false });
      return;
    }
    if (fromAccountId === toAccountId) {
      setOutcome({ kind: 'failed', message: 'Choose two different accounts: money cannot move to the account it comes from.', retrySafe: false });
      return;
    }
    const checked = checkAmount(amount, currency);
    if (!checked.ok) {
      setOutcome({ kind: 'failed', message: checked.problem, retrySafe: false });
      return;
    }
    const trimmedDescription = description.trim();
    const input = {
      fromAccountId,
      toAccountId,
      amount: { amount: checked.amount, currency },
      description: trimmedDescription.length > 0 ? trimmedDescription : null,
    };
    const content = JSON.stringify(input);
    const attempt: Attempt =
      pending.current?.content === content ? pending.current : { content, idempotencyKey: crypto.randomUUID() };
    pending.current = attempt;

    setOutcome(null);
    try {
      const result = await createInternalTransfer({ variables: { input: { ...input, idempotencyKey: attempt.idempotencyKey } } });
      const transfer = result.data?.createInternalTransfer.transfer;
      if (!transfer) throw new Error('createInternalTransfer returned no transfer');
      pending.current = null;
      setAmount('');
      setOutcome({
        kind: 'moved',
        id: transfer.id,
        status: transfer.status,
        amount: transfer.amount.amount,
        currency: transfer.amount.currency,
        fromName: transfer.from?.name ?? 'the paying account',
        toName: transfer.to?.name ?? 'the receiving account',
      });
      // A failed refresh shows in the list's own error banner; the transfer was still made.
      await onTransferred().catch(() => undefined);
    } catch (error) {
      const retrySafe = UNCERTAIN_CODES.has(errorCode(error));
      // A definite refusal moved nothing: the next submission is a new attempt with a new key.
      if (!retrySafe && pending.current === attempt) pending.current = null;
      setOutcome({ kind: 'failed', message: describeError(error), retrySafe });
    }
  }

  return (
    <section className="card" aria-labelledby={ids.title} data-testid="create-transfer">
      <div className="card__header">
        <h2 className="card__title" id={ids.title}>
          Move money
        </h2>
        <p className="card__hint">Between two of your accounts, at once. The amount is taken from what the paying account has available.</p>
      </div>
      <form className="create-form" onSubmit={(event) => void submit(event)} data-testid="create-transfer-form" noValidate>
        <label className="field field--account" htmlFor={ids.from}>
          <span className="field__label">From</span>
          <select
            id={ids.from}
            className="input"
            value={fromAccountId}
            onChange={(event) => edited(setFromAccountId)(event.target.value)}
            data-testid="create-transfer-from"
          >
            <option value="">Choose the paying account</option>
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--account" htmlFor={ids.to}>
          <span className="field__label">To</span>
          <select id={ids.to} className="input" value={toAccountId} onChange={(event) => edited(setToAccountId)(event.target.value)} data-testid="create-transfer-to">
            <option value="">Choose the receiving account</option>
            {accounts.map((account) => (
              <option key={account.id} value={account.id} disabled={account.id === fromAccountId}>
                {account.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--amount" htmlFor={ids.amount}>
          <span className="field__label">Amount</span>
          <input
            id={ids.amount}
            className="input input--mono"
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            maxLength={AMOUNT_LENGTH_MAX}
            placeholder="30.00"
            onChange={(event) => edited(setAmount)(event.target.value)}
            data-testid="create-transfer-amount"
          />
        </label>
        <label className="field field--currency" htmlFor={ids.currency}>
          <span className="field__label">Currency</span>
          <select
            id={ids.currency}
            className="input"
            value={currency}
            onChange={(event) => {
              if (isCurrencyCode(event.target.value)) edited(setCurrency)(event.target.value);
            }}
            data-testid="create-transfer-currency"
          >
            {CURRENCIES.map((entry) => (
              <option key={entry.code} value={entry.code}>
                {entry.code}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--grow" htmlFor={ids.description}>
          <span className="field__label">
            Description <span className="muted">(optional)</span>
          </span>
          <input
            id={ids.description}
            className="input"
            value={description}
            maxLength={DESCRIPTION_LENGTH_MAX}
            placeholder="Invoice 1042"
            onChange={(event) => setDescription(event.target.value)}
            data-testid="create-transfer-description"
          />
        </label>
        <button className="button button--primary create-form__submit" type="submit" disabled={loading} data-testid="create-transfer-submit">
          {loading ? 'Moving…' : 'Move money'}
        </button>
      </form>
      {payer && (
        <p className="card__hint transfer-form__available" data-testid="create-transfer-available">
          {payerBalance
            ? `${payer.name} has ${formatMoney(payerBalance.available, currency)} available.`
            : mode === 'test'
              ? `${payer.name} holds no ${currency}. Use “Add test funds” on its row first.`
              : `${payer.name} holds no ${currency}.`}
        </p>
      )}
      {accountsQuery.error && (
        <p className="alert alert--error" role="alert" data-testid="create-transfer-accounts-error">
          The accounts to choose from could not be loaded. {describeError(accountsQuery.error)}
        </p>
      )}
      {accountsQuery.data?.accounts.pageInfo.hasNextPage && (
        <p className="card__hint transfer-form__available">Only the newest {ACCOUNTS_MAX} accounts can be chosen here.</p>
      )}
      {outcome?.kind === 'moved' && (
        <p className="alert alert--success" role="status" data-testid="create-transfer-success" data-transfer-id={outcome.id} data-status={outcome.status}>
          Moved {formatMoney(outcome.amount, outcome.currency)} from “{outcome.fromName}” to “{outcome.toName}”. Transfer{' '}
          <code data-testid="create-transfer-success-id">{outcome.id}</code> is {TRANSFER_STATUS_LABELS[outcome.status].text.toLowerCase()}.
        </p>
      )}
      {outcome?.kind === 'failed' && (
        <p className="alert alert--error" role="alert" data-testid="create-transfer-error">
          {outcome.message}
          {outcome.retrySafe && ' Trying again with the same details is safe: the money will not move twice.'}
        </p>
      )}
    </section>
  );
}
