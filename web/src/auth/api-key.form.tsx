import { useId, useState, type FormEvent } from 'react';
import { checkApiKey } from './api-key.store';

interface ApiKeyFormProps {
  readonly onApiKey: (apiKey: string) => void;
}

export function ApiKeyForm({ onApiKey }: ApiKeyFormProps) {
  const inputId = useId();
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const check = checkApiKey(value);
    if (!check.ok) {
      setProblem(check.reason);
      return;
    }
    setValue('');
    onApiKey(check.apiKey);
  }

  return (
    <main className="key-gate">
      <form className="card key-gate__card" onSubmit={submit} data-testid="api-key-form" noValidate>
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true" />
          Orquesta
        </div>
        <h1 className="key-gate__title">Sign in with a test API key</h1>
        <p className="muted">
          Paste a <code>pk_test_…</code> key. It is kept in this browser tab only and sent as a bearer token with each
          request.
        </p>
        <label className="field" htmlFor={inputId}>
          <span className="field__label">API key</span>
          <input
            id={inputId}
            className="input input--mono"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="pk_test_…"
            value={value}
            maxLength={256}
            onChange={(event) => {
              setValue(event.target.value);
              setProblem(null);
            }}
            aria-invalid={problem !== null}
            data-testid="api-key-input"
          />
        </label>
        {problem !== null && (
          <p className="alert alert--error" role="alert" data-testid="api-key-error">
            {problem}
          </p>
        )}
        <button className="button button--primary button--block" type="submit" data-testid="api-key-submit">
          Continue
        </button>
      </form>
    </main>
  );
}
