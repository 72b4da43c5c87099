import { useState } from 'react';

/** A secret the server shows once: visible here until dismissed, with a copy button. */
export function SecretOnce({ label, secret, onDismiss }: { readonly label: string; readonly secret: string; readonly onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="alert alert--success secret" role="status" data-testid="secret-once">
      <p>
        <strong>{label}</strong> Copy it now: Orquesta keeps only a hash and will not show it again.
      </p>
      <code className="secret__value" data-testid="secret-value">
        {secret}
      </code>
      <div className="secret__actions">
        <button
          type="button"
          className="button button--small"
          onClick={() =>
            void navigator.clipboard
              ?.writeText(secret)
              .then(() => setCopied(true))
              .catch(() => undefined)
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button button--small button--ghost" onClick={onDismiss} data-testid="secret-dismiss">
          I have saved it
        </button>
      </div>
    </div>
  );
}
