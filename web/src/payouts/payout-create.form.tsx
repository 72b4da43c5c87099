import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { Link } from '../app/router';
import { graphql } from '../gql';
import type { PayoutNetwork } from '../gql/graphql';
import { describeError } from '../graphql/graphql-error.messages';
import { checkAmount } from '../transfers/money-amount.rules';
import { TransferAccountsQuery } from '../transfers/transfer-create.form';

const CreatePayout = graphql(`
  mutation CreatePayout($input: CreatePayoutInput!) {
    createPayout(input: $input) {
      transfer {
        id
        ...TransferRowFields
        from {
          id
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

type DestinationField = 'name' | 'clabe' | 'pixKey' | 'bankCode' | 'accountNumber' | 'routingNumber' | 'documentNumber' | 'phone' | 'walletAddress';

// Which details each network needs (the server validates each one: checksums, formats).
const NETWORK_FIELDS: Record<PayoutNetwork, readonly DestinationField[]> = {
  ACH: ['name', 'routingNumber', 'accountNumber'],
  SPEI: ['name', 'clabe'],
  PIX: ['name', 'pixKey'],
  PSE: ['name', 'bankCode', 'accountNumber', 'documentNumber'],
  MPESA: ['name', 'phone'],
  USDC: ['name', 'walletAddress'],
};

const NETWORK_LABELS: Record<PayoutNetwork, string> = {
  ACH: 'ACH (United States)',
  SPEI: 'SPEI (Mexico)',
  PIX: 'Pix (Brazil)',
  PSE: 'PSE (Colombia)',
  MPESA: 'M-Pesa (Kenya)',
  USDC: 'USDC wallet',
};

const FIELD_LABELS: Record<DestinationField, string> = {
  name: 'Payee name',
  clabe: 'CLABE',
  pixKey: 'Pix key',
  bankCode: 'Bank code',
  accountNumber: 'Account number',
  routingNumber: 'Routing number',
  documentNumber: 'Document number',
  phone: 'Phone number',
  walletAddress: 'Wallet address',
};

/** "New payout": from one of your accounts to a bank, wallet or phone; its route is on the next page. */
export function PayoutCreateForm({ onCreated }: { readonly onCreated: (transferId: string) => void }) {
  const ids = { from: useId(), amount: useId(), network: useId(), problem: useId(), description: useId() };
  const fieldIds = useId();
  // Read again on open: accounts made elsewhere since the list was cached must be offered.
  const accounts = useQuery(TransferAccountsQuery, { variables: { first: 100 }, fetchPolicy: 'cache-and-network' });
  const [fromId, setFromId] = useState('');
  const [amount, setAmount] = useState('');
  const [network, setNetwork] = useState<PayoutNetwork>('ACH');
  const [description, setDescription] = useState('');
  const [destination, setDestination] = useState<Partial<Record<DestinationField, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [create, { loading }] = useMutation(CreatePayout);
  const options = accounts.data?.accounts.nodes ?? [];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!fromId) return setProblem('Choose the account to pay from.');
    const checked = checkAmount(amount, 'USD');
    if (!checked.ok) return setProblem(checked.problem);
    const missing = NETWORK_FIELDS[network].find((field) => !(destination[field] ?? '').trim());
    if (missing) return setProblem(`Enter the ${FIELD_LABELS[missing].toLowerCase()}.`);
    setProblem(null);
    const picked = Object.fromEntries(NETWORK_FIELDS[network].map((field) => [field, (destination[field] ?? '').trim()]));
    try {
      const result = await create({
        variables: {
          input: {
            fromAccountId: fromId,
            amount: { amount: checked.amount, currency: 'USD' },
            destination: { network, ...picked },
            idempotencyKey,
            description: description.trim() || null,
          },
        },
      });
      setIdempotencyKey(crypto.randomUUID());
      const id = result.data?.createPayout.transfer.id;
      if (id) onCreated(id);
    } catch (error) {
      setProblem(describeError(error));
    }
  }

  return (
    <form className="card create-form create-form--wrap" onSubmit={(event) => void submit(event)} noValidate data-testid="payout-form" aria-label="New payout">
      <h2 className="card__title create-form__title">New payout</h2>
      <label className="field field--account" htmlFor={ids.from}>
        <span className="field__label">From account</span>
        <select id={ids.from} className="input" value={fromId} onChange={(event) => setFromId(event.target.value)} data-testid="payout-from">
          <option value="">Choose…</option>
          {options.map((account) => (
            <option key={account.id} value={account.id}>
              {account.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field field--amount" htmlFor={ids.amount}>
        <span className="field__label">Amount (USD)</span>
        <input id={ids.amount} className="input input--mono" inputMode="decimal" placeholder="100.00" value={amount} onChange={(event) => { setAmount(event.target.value); setProblem(null); }} data-testid="payout-amount" />
      </label>
      <label className="field" htmlFor={ids.network}>
        <span className="field__label">Network</span>
        <select id={ids.network} className="input" value={network} onChange={(event) => setNetwork(event.target.value as PayoutNetwork)} data-testid="payout-network">
          {Object.entries(NETWORK_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {NETWORK_FIELDS[network].map((field) => (
        <label key={field} className="field" htmlFor={`${fieldIds}-${field}`}>
          <span className="field__label">{FIELD_LABELS[field]}</span>
          <input
            id={`${fieldIds}-${field}`}
            className={field === 'name' ? 'input' : 'input input--mono'}
            value={destination[field] ?? ''}
            onChange={(event) => {
              setDestination((current) => ({ ...current, [field]: event.target.value }));
              setProblem(null);
            }}
            data-testid={`payout-${field}`}
          />
        </label>
      ))}
      <label className="field field--grow" htmlFor={ids.description}>
        <span className="field__label">Description (optional)</span>
        <input id={ids.description} className="input" value={description} maxLength={200} onChange={(event) => setDescription(event.target.value)} />
      </label>
      <button type="submit" className="button button--primary create-form__submit" disabled={loading} data-testid="payout-submit">
        {loading ? 'Sending…' : 'Send payout'}
      </button>
      {problem !== null && (
        <p className="alert alert--error create-form__problem" role="alert" id={ids.problem} data-testid="payout-error">
          {problem}
        </p>
      )}
      {options.length === 0 && accounts.data && (
        <p className="muted create-form__problem">
          You need an account with money first: create one on <Link to="/accounts">Accounts</Link> and add test funds.
        </p>
      )}
    </form>
  );
}
