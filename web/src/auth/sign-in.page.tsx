import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from '../app/router';
import type { AuthProblem } from './session.api';
import type { SessionStore, SignedOutReason } from './session.store';

interface SignInPageProps {
  readonly session: SessionStore;
  readonly reason: SignedOutReason;
}

const EMAIL_LENGTH_MAX = 254;
const PASSWORD_LENGTH_MAX = 256;

export function SignInPage({ session, reason }: SignInPageProps) {
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const notice = NOTICES[reason];
  const passwordInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in · Orquesta';
  }, []);

  // After a refusal the password stays, selected, with the focus on it: retyping replaces it.
  useEffect(() => {
    if (problem !== null && !pending) {
      passwordInput.current?.focus();
      passwordInput.current?.select();
    }
  }, [problem, pending]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    if (email.trim().length === 0 || password.length === 0) {
      setProblem('Enter your email and password.');
      return;
    }
    setPending(true);
    setProblem(null);
    const failed = await session.signIn({ email: email.trim(), password });
    // On success the shell replaces this page; nothing else to do here.
    if (failed) {
      setPending(false);
      setProblem(describeSignInProblem(failed));
    }
  }

  return (
    <main className="sign-in">
      <form className="card sign-in__card" onSubmit={(event) => void submit(event)} data-testid="sign-in-form" noValidate>
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true" />
          Orquesta
        </div>
        <h1 className="sign-in__title">Sign in to the dashboard</h1>
        {notice !== null && problem === null && (
          <p className="alert alert--info" role="status" data-testid="sign-in-notice">
            {notice}
          </p>
        )}
        <label className="field" htmlFor={emailId}>
          <span className="field__label">Email</span>
          <input
            id={emailId}
            className="input"
            type="email"
            autoComplete="username"
            spellCheck={false}
            value={email}
            maxLength={EMAIL_LENGTH_MAX}
            onChange={(event) => setEmail(event.target.value)}
            disabled={pending}
            data-testid="sign-in-email"
          />
        </label>
        <label className="field" htmlFor={passwordId}>
          <span className="field__label">Password</span>
          <input
            id={passwordId}
            ref={passwordInput}
            aria-describedby={problem !== null ? errorId : undefined}
            className="input"
            type="password"
            autoComplete="current-password"
            value={password}
            maxLength={PASSWORD_LENGTH_MAX}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={problem !== null}
            disabled={pending}
            data-testid="sign-in-password"
          />
        </label>
        {problem !== null && (
          <p className="alert alert--error" role="alert" id={errorId} data-testid="sign-in-error">
            {problem}
          </p>
        )}
        <button className="button button--primary button--block" type="submit" disabled={pending} data-testid="sign-in-submit">
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
        <div className="sign-in__links">
          <Link to="/forgot-password" data-testid="forgot-password-link">
            Forgot your password?
          </Link>
          <span>
            New to Orquesta? <Link to="/sign-up" data-testid="sign-up-link">Create an account</Link>
          </span>
        </div>
        <p className="muted sign-in__footnote">
          Scripts and servers use API keys instead (<code>Authorization: Bearer pk_test_…</code>); keys are not accepted here.
        </p>
      </form>
    </main>
  );
}

const NOTICES: Record<SignedOutReason, string | null> = {
  none: null,
  'signed-out': 'You are signed out.',
  expired: 'Your session ended. Sign in again to continue.',
  unreachable: 'Cannot reach Orquesta to restore your session. Check your connection, then sign in.',
};

// The gateway says only "invalid email or password", never which, so neither does the page.
export function describeSignInProblem(problem: AuthProblem): string {
  switch (problem.code) {
    case 'UNAUTHENTICATED':
      return 'Wrong email or password.';
    case 'RATE_LIMITED':
      return `Too many sign-in attempts. Try again in ${describeWait(problem.retryAfterSeconds)}.`;
    case 'BAD_INPUT':
      return 'Check the email address and the password, then try again.';
    case 'UNREACHABLE':
      return 'Cannot reach Orquesta. Check your connection and try again.';
    case 'TIMED_OUT':
      return 'The server took too long to answer. Try again in a moment.';
    case 'SERVER_ERROR':
      return 'Something went wrong on our side. Try again in a moment.';
    default:
      return assertUnreachable(problem);
  }
}

function describeWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

function assertUnreachable(value: never): never {
  throw new Error(`unhandled sign-in problem ${JSON.stringify(value)}`);
}
