import { useId, useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client';
import { graphql } from '../gql';
import type { AccountType } from '../gql/graphql';
import { describeError } from '../graphql/graphql-error.messages';

const CreateAccount = graphql(`
  mutation CreateAccount($input: CreateAccountInput!) {
    createAccount(input: $input) {
      account {
        id
        name
        ...AccountRowFields
      }
    }
  }
`);

const NAME_LENGTH_MAX = 200;
const EMAIL_LENGTH_MAX = 254;
// Only catches obvious slips; the server decides what a valid address is.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

type Outcome = { readonly kind: 'created'; readonly name: string } | { readonly kind: 'failed'; readonly message: string } | null;

interface AccountCreateFormProps {
  /** Called once the account exists, so the list can be refreshed to include it. */
  readonly onCreated: () => Promise<unknown>;
}

export function AccountCreateForm({ onCreated }: AccountCreateFormProps) {
  const ids = { type: useId(), name: useId(), email: useId() };
  const [type, setType] = useState<AccountType>('BUSINESS');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [createAccount, { loading }] = useMutation(CreateAccount);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmedName = name.trim();
    const trimmedEmail = email.trim();
    if (trimmedName.length === 0) {
      setOutcome({ kind: 'failed', message: 'Give the account a name.' });
      return;
    }
    if (trimmedEmail.length > 0 && !EMAIL_SHAPE.test(trimmedEmail)) {
      setOutcome({ kind: 'failed', message: 'Enter a valid email address, or leave it empty.' });
      return;
    }
    setOutcome(null);
    try {
      const result = await createAccount({
        variables: { input: { type, name: trimmedName, email: trimmedEmail.length > 0 ? trimmedEmail : null } },
      });
      const created = result.data?.createAccount.account;
      if (!created) throw new Error('createAccount returned no account');
      setName('');
      setEmail('');
      setOutcome({ kind: 'created', name: created.name });
      // A failed refresh shows in the list's own error banner; the account was still created.
      await onCreated().catch(() => undefined);
    } catch (error) {
      setOutcome({ kind: 'failed', message: describeError(error) });
    }
  }

  return (
    <section className="card" aria-labelledby={`${ids.name}-title`}>
      <div className="card__header">
        <h2 className="card__title" id={`${ids.name}-title`}>
          New account
        </h2>
        <p className="card__hint">A person or a business that holds balances and runs agents.</p>
      </div>
      <form className="create-form" onSubmit={(event) => void submit(event)} data-testid="create-account-form" noValidate>
        <label className="field field--type" htmlFor={ids.type}>
          <span className="field__label">Type</span>
          <select
            id={ids.type}
            className="input"
            value={type}
            onChange={(event) => setType(event.target.value === 'PERSON' ? 'PERSON' : 'BUSINESS')}
            data-testid="create-account-type"
          >
            <option value="BUSINESS">Business</option>
            <option value="PERSON">Person</option>
          </select>
        </label>
        <label className="field field--grow" htmlFor={ids.name}>
          <span className="field__label">Name</span>
          <input
            id={ids.name}
            className="input"
            value={name}
            maxLength={NAME_LENGTH_MAX}
            placeholder={type === 'PERSON' ? 'Ada Lovelace' : 'Acme Trading Ltd'}
            onChange={(event) => setName(event.target.value)}
            data-testid="create-account-name"
          />
        </label>
        <label className="field field--grow" htmlFor={ids.email}>
          <span className="field__label">
            Email <span className="muted">(optional)</span>
          </span>
          <input
            id={ids.email}
            className="input"
            type="email"
            value={email}
            maxLength={EMAIL_LENGTH_MAX}
            placeholder="billing@example.com"
            onChange={(event) => setEmail(event.target.value)}
            data-testid="create-account-email"
          />
        </label>
        <button className="button button--primary create-form__submit" type="submit" disabled={loading} data-testid="create-account-submit">
          {loading ? 'Creating…' : 'Create account'}
        </button>
      </form>
      {outcome?.kind === 'created' && (
        <p className="alert alert--success" role="status" data-testid="create-account-success">
          Created “{outcome.name}”.
        </p>
      )}
      {outcome?.kind === 'failed' && (
        <p className="alert alert--error" role="alert" data-testid="create-account-error">
          {outcome.message}
        </p>
      )}
    </section>
  );
}
