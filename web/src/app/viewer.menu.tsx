import { useRef, useState } from 'react';
import type { MemberRole } from '../gql/graphql';
import { ROLE_LABELS } from '../auth/session-viewer.query';
import type { DashboardMode } from '../graphql/apollo.client';
import { companyNameOf } from '../auth/company-name.store';
import { useDismiss } from './dismiss.hook';

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
  const menu = useRef<HTMLDetailsElement>(null);
  useDismiss(menu);
  const company = viewer ? companyNameOf(viewer.tenantId) : undefined;

  async function signOut() {
    setSigningOut(true);
    setProblem(null);
    if (!(await onSignOut())) {
      setSigningOut(false);
      setProblem('Could not sign out: cannot reach Orquesta. Try again.');
    }
  }

  return (
    <details className="menu viewer" ref={menu} data-testid="viewer">
      <summary className="menu__button viewer__button" data-testid="viewer-menu">
        <span className="avatar" aria-hidden="true">
          {(company ?? viewer?.actorName ?? '?').slice(0, 1).toUpperCase()}
        </span>
        <span className="viewer__company" data-testid="viewer-company">
          {company ?? 'Your workspace'}
        </span>
        <span className="visually-hidden">Account menu</span>
      </summary>
      <div className="menu__panel viewer__panel">
        {viewer && (
          <div className="viewer__who">
            <span className="viewer__name" data-testid="viewer-name">
              {viewer.actorName ?? 'Signed in'}
            </span>
            <span className="viewer__tenant" title={`Workspace id ${viewer.tenantId}`} data-testid="viewer-tenant">
              {company ?? 'Workspace'} · <code>{viewer.tenantId.slice(0, 8)}</code>
            </span>
            <span className="badge badge--role" data-testid="viewer-role" data-role={viewer.role}>
              {ROLE_LABELS[viewer.role]}
            </span>
          </div>
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
        <button className="button button--block" type="button" onClick={() => void signOut()} disabled={signingOut} data-testid="sign-out">
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
        {problem !== null && (
          <span className="alert alert--error" role="alert" data-testid="sign-out-error">
            {problem}
          </span>
        )}
      </div>
    </details>
  );
}
