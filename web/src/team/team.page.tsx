import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { useDashboard } from '../app/dashboard.context';
import { ROLE_LABELS } from '../auth/session-viewer.query';
import { graphql } from '../gql';
import type { MemberRole } from '../gql/graphql';
import { describeError } from '../graphql/graphql-error.messages';
import { EmptyState, ErrorState, PageHeader, Section, Skeleton, Time } from '../ui/page.components';

const TeamQuery = graphql(`
  query Team {
    members {
      userId
      email
      name
      role
      joinedAt
    }
    sessions {
      id
      ip
      userAgent
      createdAt
      lastUsedAt
      expiresAt
      current
    }
    viewer {
      actorId
      role
    }
  }
`);

const InviteMember = graphql(`
  mutation InviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) {
      token
      invite {
        id
        email
        role
        expiresAt
      }
    }
  }
`);

const UpdateMemberRole = graphql(`
  mutation UpdateMemberRole($input: UpdateMemberRoleInput!) {
    updateMemberRole(input: $input) {
      member {
        userId
        role
      }
    }
  }
`);

const RemoveMember = graphql(`
  mutation RemoveMember($userId: ID!) {
    removeMember(userId: $userId) {
      userId
    }
  }
`);

const RevokeSession = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id) {
      sessionId
    }
  }
`);

const ROLES: readonly MemberRole[] = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'];

export default function TeamPage() {
  const { canManage } = useDashboard();
  const { data, loading, error, refetch } = useQuery(TeamQuery, { fetchPolicy: 'cache-and-network' });
  const [changeRole] = useMutation(UpdateMemberRole);
  const [remove] = useMutation(RemoveMember);
  const [revokeSession] = useMutation(RevokeSession);
  const [problem, setProblem] = useState<string | null>(null);
  const [invited, setInvited] = useState<{ readonly email: string; readonly token: string } | null>(null);

  async function act(run: () => Promise<unknown>) {
    setProblem(null);
    try {
      await run();
      await refetch();
    } catch (failure) {
      setProblem(describeError(failure));
    }
  }

  return (
    <>
      <PageHeader title="Team" subtitle="Who can use this workspace, with which role, and where you are signed in." />
      {canManage && <InviteForm onInvited={(email, token) => setInvited({ email, token })} />}
      {invited && (
        <div className="alert alert--success" role="status" data-testid="invite-sent">
          <p>
            Invitation for <strong>{invited.email}</strong> created. Orquesta does not send invitation emails yet: give them this token, which they
            accept with the API’s <code>acceptInvite</code> (choosing their password). It is shown once.
          </p>
          <code className="secret__value">{invited.token}</code>
        </div>
      )}
      {problem !== null && (
        <p className="alert alert--error" role="alert">
          {problem}
        </p>
      )}
      <Section title="Members" testId="members">
        {error && <ErrorState error={error} onRetry={refetch} />}
        {!data ? (
          loading && <Skeleton label="Loading members" />
        ) : data.members.length === 0 ? (
          <EmptyState title="No members" />
        ) : (
          <table className="table table--cards" data-testid="members-table">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.members.map((member) => {
                const self = member.userId === data.viewer.actorId;
                return (
                  <tr key={member.userId} className="row" data-testid="member-row" data-email={member.email}>
                    <td data-label="Member">
                      <span className="cell-name">{member.name}</span>
                      <span className="cell-sub">{member.email}</span>
                    </td>
                    <td data-label="Role">
                      {canManage && !self ? (
                        <select
                          className="input input--compact"
                          aria-label={`Role of ${member.name}`}
                          value={member.role}
                          onChange={(event) => void act(() => changeRole({ variables: { input: { userId: member.userId, role: event.target.value as MemberRole } } }))}
                        >
                          {ROLES.map((role) => (
                            <option key={role} value={role}>
                              {ROLE_LABELS[role]}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <span data-testid="member-role">{ROLE_LABELS[member.role]}</span>
                      )}
                    </td>
                    <td data-label="Joined">
                      <Time iso={member.joinedAt} />
                    </td>
                    <td data-label="Actions" className="cell-actions">
                      {canManage && !self && (
                        <button
                          type="button"
                          className="button button--small button--danger"
                          onClick={() => {
                            if (window.confirm(`Remove ${member.name} from this workspace? Their sessions end at once.`)) void act(() => remove({ variables: { userId: member.userId } }));
                          }}
                        >
                          Remove<span className="visually-hidden"> {member.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="Your sessions" testId="sessions">
        {data && (
          <table className="table table--cards">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.sessions.map((session) => (
                <tr key={session.id} className="row">
                  <td data-label="Device">
                    <span className="cell-name">{describeAgent(session.userAgent)}</span>
                    <span className="cell-sub">
                      {session.ip ?? 'unknown address'}
                      {session.current && ' · this browser'}
                    </span>
                  </td>
                  <td data-label="Last used">
                    <Time iso={session.lastUsedAt} />
                  </td>
                  <td data-label="Expires">
                    <Time iso={session.expiresAt} />
                  </td>
                  <td data-label="Actions" className="cell-actions">
                    {!session.current && (
                      <button type="button" className="button button--small" onClick={() => void act(() => revokeSession({ variables: { id: session.id } }))}>
                        Sign out<span className="visually-hidden"> that session</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}

function describeAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown device';
  if (/Chrome\//.test(userAgent)) return 'Chrome';
  if (/Firefox\//.test(userAgent)) return 'Firefox';
  if (/Safari\//.test(userAgent)) return 'Safari';
  return userAgent.slice(0, 40);
}

function InviteForm({ onInvited }: { readonly onInvited: (email: string, token: string) => void }) {
  const ids = { email: useId(), role: useId() };
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MemberRole>('MEMBER');
  const [problem, setProblem] = useState<string | null>(null);
  const [invite, { loading }] = useMutation(InviteMember, { refetchQueries: [TeamQuery] });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return setProblem('Enter the email address of the person to invite.');
    setProblem(null);
    try {
      const result = await invite({ variables: { input: { email: email.trim(), role } } });
      const token = result.data?.inviteMember.token;
      if (token) onInvited(email.trim(), token);
      setEmail('');
    } catch (error) {
      setProblem(describeError(error));
    }
  }

  return (
    <form className="card create-form" onSubmit={(event) => void submit(event)} noValidate aria-label="Invite a member">
      <h2 className="card__title create-form__title">Invite a member</h2>
      <label className="field field--grow" htmlFor={ids.email}>
        <span className="field__label">Email</span>
        <input id={ids.email} className="input" type="email" value={email} onChange={(event) => { setEmail(event.target.value); setProblem(null); }} data-testid="invite-email" />
      </label>
      <label className="field" htmlFor={ids.role}>
        <span className="field__label">Role</span>
        <select id={ids.role} className="input" value={role} onChange={(event) => setRole(event.target.value as MemberRole)} data-testid="invite-role">
          {ROLES.map((entry) => (
            <option key={entry} value={entry}>
              {ROLE_LABELS[entry]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button--primary create-form__submit" disabled={loading} data-testid="invite-submit">
        Invite
      </button>
      {problem !== null && (
        <p className="alert alert--error create-form__problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
