import { useState } from 'react';
import type { MemberRole } from '../gql/graphql';
import { ROLE_LABELS } from '../auth/session-viewer.query';
import type { DashboardMode } from '../graphql/apollo.client';

interface ViewerMenuProps {
  readonly viewer: { readonly actorName?: string | null; readonly role: MemberRole; readonly tenantId: string } | undefined;
  readonly mode: DashboardMode;
  readonly onModeChange: (mode: DashboardMode) => void;
  /** Resolves false when the gateway could not be reached (still signed in). */
  readonly onSignOut: () => Promise<boolean>;
}

const MODES: ReadonlyArray<{ readonly mode: DashboardMode; readonly label: string }> = [
  { mode: 'test', label: 'Test' },
  { mode: 'live', label: 'Live' },
];

export function ViewerMenu({ viewer, mode, onModeChange, onSignOut }: ViewerMenuProps) {
  const [signingOut, setSigningOut] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function signOut() {
    setSigningOut(true);
    setProblem(null);
    if (!(await onSignOut())) {
      setSigningOut(false);
      setProblem('Could not sign out: cannot reach Orquesta. Try again.');
    }
  }

  return (
    <div className="viewer" data-testid="viewer">
      {viewer && (
        <div className="viewer__who">
          <span className="viewer__name" data-testid="viewer-name">
            {viewer.actorName ?? 'Signed in'}
          </span>
          <span className="viewer__tenant" title={`Tenant ${viewer.tenantId}`} data-testid="viewer-tenant">
            tenant {viewer.tenantId.slice(0, 8)}
          </span>
        </div>
      )}
      {viewer && (
        <span className="badge badge--role" data-testid="viewer-role" data-role={viewer.role}>
          {ROLE_LABELS[viewer.role]}
        </span>
      )}
      <div className="mode-switch" role="group" aria-label="Data mode">
        {MODES.map((option) => (
          <button
            key={option.mode}
            type="button"
            className="mode-switch__option"
            aria-pressed={mode === option.mode}
            onClick={() => onModeChange(option.mode)}
            data-testid={`mode-${option.mode}`}
          >
            {option.label}
          </button>
        ))}
      </div>
      <button className="button button--ghost" type="button" onClick={() => void signOut()} disabled={signingOut} data-testid="sign-out">
        {signingOut ? 'Signing out…' : 'Sign out'}
      </button>
      {problem !== null && (
        <span className="alert alert--error" role="alert" data-testid="sign-out-error">
          {problem}
        </span>
      )}
    </div>
  );
}
