import { useEffect } from 'react';
import { Link } from '../app/router';

/**
 * There is no password reset in the graph yet (no reset token, no email sender), so this page
 * says what works today instead of pretending to send an email.
 */
export function ForgotPasswordPage() {
  useEffect(() => {
    document.title = 'Forgot your password · Orquesta';
  }, []);
  return (
    <main className="sign-in">
      <div className="card sign-in__card" data-testid="forgot-password">
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true" />
          Orquesta
        </div>
        <h1 className="sign-in__title">Forgot your password?</h1>
        <p>Orquesta cannot reset passwords by email yet. What you can do now:</p>
        <ul className="plain-list">
          <li>Ask an owner or admin of your workspace to remove you and invite you again (Team → Invite); the new invitation lets you choose a new password.</li>
          <li>If you are the only owner, contact Orquesta support from the email address you signed up with.</li>
          <li>Still signed in on another device? Your session there keeps working until it ends.</li>
        </ul>
        <p className="sign-in__links">
          <Link to="/sign-in">Back to sign in</Link>
        </p>
      </div>
    </main>
  );
}
