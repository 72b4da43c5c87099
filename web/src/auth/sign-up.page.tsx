import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link } from '../app/router';
import { rememberCompanyName } from './company-name.store';
import { describeSignInProblem } from './sign-in.page';
import type { SessionStore } from './session.store';

const SIGNUP_TIMEOUT_MS = 15_000;
const PASSWORD_LENGTH_MIN = 12;

// Only ids are selected: the tokens the mutation can return never enter the page. The session
// cookies come from signing in with the new credentials right after.
const SIGNUP_MUTATION = `mutation DashboardSignup($input: SignupInput!) { signup(input: $input) { tenantId } }`;

type Field = 'name' | 'companyName' | 'email' | 'password';

/** A new tenant and its owner (`signup`), then signed in; test mode, ready to add test funds. */
export function SignUpPage({ session }: { readonly session: SessionStore }) {
  const ids = { name: useId(), companyName: useId(), email: useId(), password: useId(), problem: useId() };
  const [values, setValues] = useState<Record<Field, string>>({ name: '', companyName: '', email: '', password: '' });
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<{ readonly field?: Field; readonly text: string } | null>(null);

  useEffect(() => {
    document.title = 'Create your account · Orquesta';
  }, []);

  function set(field: Field, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    // A fix to the field the problem was about clears the (now stale) message.
    if (problem?.field === field) setProblem(null);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const missing = (['name', 'companyName', 'email', 'password'] as const).find((field) => values[field].trim().length === 0);
    if (missing) return setProblem({ field: missing, text: `Enter your ${FIELD_LABELS[missing].toLowerCase()}.` });
    if (values.password.length < PASSWORD_LENGTH_MIN) return setProblem({ field: 'password', text: `Use at least ${PASSWORD_LENGTH_MIN} characters for the password.` });
    setPending(true);
    setProblem(null);
    const outcome = await signup({ ...values, email: values.email.trim(), name: values.name.trim(), companyName: values.companyName.trim() });
    if (!outcome.ok) {
      setPending(false);
      setProblem(outcome.problem);
      return;
    }
    rememberCompanyName(outcome.tenantId, values.companyName.trim());
    const failed = await session.signIn({ email: values.email.trim(), password: values.password });
    if (failed) {
      setPending(false);
      setProblem({ text: `Your account is ready, but signing in failed: ${describeSignInProblem(failed)}` });
    }
  }

  return (
    <main className="sign-in">
      <form className="card sign-in__card" onSubmit={(event) => void submit(event)} data-testid="sign-up-form" noValidate>
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true" />
          Orquesta
        </div>
        <h1 className="sign-in__title">Create your Orquesta account</h1>
        <p className="muted">You start in test mode with simulated money; nothing real moves until you switch to live.</p>
        {(['name', 'companyName', 'email', 'password'] as const).map((field) => (
          <label key={field} className="field" htmlFor={ids[field]}>
            <span className="field__label">{FIELD_LABELS[field]}</span>
            <input
              id={ids[field]}
              className="input"
              type={field === 'password' ? 'password' : field === 'email' ? 'email' : 'text'}
              autoComplete={AUTOCOMPLETE[field]}
              value={values[field]}
              maxLength={field === 'password' ? 256 : 200}
              onChange={(event) => set(field, event.target.value)}
              aria-invalid={problem?.field === field}
              aria-describedby={problem?.field === field ? ids.problem : field === 'password' ? `${ids.password}-hint` : undefined}
              disabled={pending}
              data-testid={`sign-up-${field}`}
            />
            {field === 'password' && (
              <span className="field__hint" id={`${ids.password}-hint`}>
                At least {PASSWORD_LENGTH_MIN} characters.
              </span>
            )}
          </label>
        ))}
        {problem !== null && (
          <p className="alert alert--error" role="alert" id={ids.problem} data-testid="sign-up-error">
            {problem.text}
          </p>
        )}
        <button className="button button--primary button--block" type="submit" disabled={pending} data-testid="sign-up-submit">
          {pending ? 'Creating your account…' : 'Create account'}
        </button>
        <p className="sign-in__links">
          <span>
            Already have an account? <Link to="/sign-in">Sign in</Link>
          </span>
        </p>
      </form>
    </main>
  );
}

const FIELD_LABELS: Record<Field, string> = { name: 'Your name', companyName: 'Company name', email: 'Email', password: 'Password' };
const AUTOCOMPLETE: Record<Field, string> = { name: 'name', companyName: 'organization', email: 'username', password: 'new-password' };

type SignupOutcome = { readonly ok: true; readonly tenantId: string } | { readonly ok: false; readonly problem: { readonly field?: Field; readonly text: string } };

async function signup(input: Record<Field, string>): Promise<SignupOutcome> {
  let json: { data?: { signup?: { tenantId?: string } } | null; errors?: Array<{ message?: string; extensions?: Record<string, unknown> }> };
  try {
    const response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: SIGNUP_MUTATION, variables: { input } }),
      signal: AbortSignal.timeout(SIGNUP_TIMEOUT_MS),
    });
    json = (await response.json()) as typeof json;
  } catch {
    return { ok: false, problem: { text: 'Cannot reach Orquesta. Check your connection and try again.' } };
  }
  const tenantId = json.data?.signup?.tenantId;
  if (typeof tenantId === 'string') return { ok: true, tenantId };
  const error = json.errors?.[0];
  const code = error?.extensions?.code;
  const field = error?.extensions?.field;
  const known = typeof field === 'string' && field in FIELD_LABELS ? (field as Field) : undefined;
  switch (code) {
    case 'CONFLICT':
      return { ok: false, problem: { field: 'email', text: 'Could not create an account with this email. Sign in instead, or use another email.' } };
    case 'RATE_LIMITED':
      return { ok: false, problem: { text: 'Too many accounts were created from this network. Try again in an hour.' } };
    case 'BAD_USER_INPUT':
      return { ok: false, problem: { field: known, text: known ? `Check the ${FIELD_LABELS[known].toLowerCase()}: ${error?.message ?? 'it was refused'}.` : (error?.message ?? 'Check the details and try again.') } };
    default:
      return { ok: false, problem: { text: 'Something went wrong on our side. Try again in a moment.' } };
  }
}
