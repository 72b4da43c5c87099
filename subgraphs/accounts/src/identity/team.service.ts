import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { roleAtLeast, tenantScope, type RequestContext, type Role } from '@orquesta/context';
import { readForTenant, uuidv7 } from '@orquesta/db';
import { eventsInsert } from '@orquesta/events';
import { badInput, checkName, checkPermission, fail, notFound, ok, type Result } from '@orquesta/graphql';
import { authFailureDelay } from '@orquesta/ratelimit';
import { generateToken, hashPassword, hashToken, isTokenFormat, verifyPassword } from './credentials';
import { checkEmail, checkPassword } from './password.rules';
import { origin, recordSecurityEvent, systemTransaction } from './security-events';
import type { SessionService, SessionTokens } from './session.service';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const INVITABLE: readonly Role[] = ['admin', 'member', 'viewer'];
const ROLES: readonly Role[] = ['owner', 'admin', 'member', 'viewer'];

export interface MemberView {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly joinedAt: Date;
}

export interface InviteView {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

const INVALID_INVITE = { code: 'UNAUTHENTICATED', message: 'The invite is not valid' } as const;

function isRole(value: unknown): value is Role {
  return ROLES.includes(value as Role);
}

/**
 * The team: invites (256-bit single-use tokens, 7 days), roles and removal. An admin manages
 * members and viewers only; the owner is changed only by an owner; the last owner stays.
 */
export function createTeamService({ dataSource, system, sessions }: { dataSource: DataSource; system: Pool; sessions: SessionService }) {
  async function memberRole(tenantId: string, userId: string): Promise<Role | undefined> {
    const { rows } = await system.query<{ role: Role }>('SELECT role FROM accounts.memberships WHERE tenant_id = $1 AND user_id = $2', [tenantId, userId]);
    return rows[0]?.role;
  }

  // What the acting principal may do to a member holding `current`, giving them `next`.
  function mayManage(request: RequestContext, current: Role, next?: Role): boolean {
    if (request.role === 'owner') return true;
    // An admin manages members and viewers, and hands out no more than its own role.
    return !roleAtLeast(current, 'admin') && (next === undefined || !roleAtLeast(next, 'owner'));
  }

  async function members(request: RequestContext): Promise<Result<MemberView[]>> {
    return ok(
      await readForTenant<MemberView>(
        dataSource,
        tenantScope(request),
        `SELECT m.user_id AS "userId", u.email, u.name, m.role, m.created_at AS "joinedAt"
           FROM accounts.memberships m JOIN accounts.users u ON u.id = m.user_id
          WHERE m.tenant_id = $1 ORDER BY m.created_at LIMIT 500`,
        [request.tenantId],
      ),
    );
  }

  return {
    members,

    /** Returns the invite and its token, shown once (the inviter delivers it). */
    async invite(request: RequestContext, input: { email: string; role: string }): Promise<Result<{ invite: InviteView; token: string }>> {
      const allowed = checkPermission(request, 'members:invite');
      if (!allowed.ok) return allowed;
      const email = checkEmail(input.email);
      if (!email.ok) return email;
      if (!isRole(input.role) || !INVITABLE.includes(input.role)) return badInput('role', 'must be admin, member or viewer');
      if (!roleAtLeast(request.role, input.role)) return fail({ code: 'FORBIDDEN', permission: `members:invite:${input.role}` });
      const token = generateToken('inv');
      const invite: InviteView = { id: uuidv7(), email: email.value, role: input.role, createdAt: new Date(), expiresAt: new Date(Date.now() + INVITE_TTL_MS) };
      await systemTransaction(system, tenantScope(request), async (client) => {
        await client.query(
          `INSERT INTO accounts.invites (id, tenant_id, email, role, token_hash, invited_by, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [invite.id, request.tenantId, invite.email, invite.role, hashToken(token), request.actor.type === 'user' ? request.actor.id : null, invite.createdAt, invite.expiresAt],
        );
        await recordSecurityEvent(client, {
          type: 'member_invited',
          severity: 'info',
          tenantId: request.tenantId,
          userId: request.actor.type === 'user' ? request.actor.id : null,
          ...origin(request),
          details: { inviteId: invite.id, role: invite.role },
        });
      });
      return ok({ invite, token });
    },

    /**
     * Joins the invite's tenant. A new email sets its password here; an existing user proves
     * it with theirs. Either way the answer is a session in that tenant.
     */
    async accept(request: RequestContext, input: { token: string; name?: string | null; password: string }): Promise<Result<SessionTokens>> {
      if (!isTokenFormat('inv', input.token) || typeof input.password !== 'string') {
        await authFailureDelay();
        return fail(INVALID_INVITE);
      }
      const { rows } = await system.query<{ id: string; tenant_id: string; email: string; role: Role; user_id: string | null; password_hash: string | null }>(
        `SELECT i.id, i.tenant_id, i.email, i.role, u.id AS user_id, u.password_hash
           FROM accounts.invites i LEFT JOIN accounts.users u ON u.email = i.email
          WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()`,
        [hashToken(input.token)],
      );
      const invite = rows[0];
      if (!invite) {
        await authFailureDelay();
        return fail(INVALID_INVITE);
      }
      let passwordHash: string | undefined;
      if (invite.user_id) {
        if (!(await verifyPassword(input.password, invite.password_hash!))) {
          await authFailureDelay();
          return fail(INVALID_INVITE);
        }
      } else {
        const password = checkPassword(input.password, invite.email);
        if (!password.ok) return password;
        const name = checkName('name', input.name ?? '');
        if (!name.ok) return name;
        passwordHash = await hashPassword(password.value);
      }
      const userId = invite.user_id ?? uuidv7();
      const actor = { type: 'user', id: userId, name: invite.email };
      const accepted = await systemTransaction(system, { tenantId: invite.tenant_id, livemode: false, actor, requestId: request.requestId }, async (client) => {
        // Single use: the first acceptance wins, a second finds nothing to accept.
        const claimed = await client.query('UPDATE accounts.invites SET accepted_at = now() WHERE id = $1 AND accepted_at IS NULL', [invite.id]);
        if (claimed.rowCount !== 1) return undefined;
        if (passwordHash) {
          await client.query('INSERT INTO accounts.users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)', [
            userId,
            invite.email,
            (input.name ?? '').trim(),
            passwordHash,
          ]);
        }
        await client.query(
          'INSERT INTO accounts.memberships (tenant_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, user_id) DO NOTHING',
          [invite.tenant_id, userId, invite.role],
        );
        await recordSecurityEvent(client, { type: 'invite_accepted', severity: 'info', tenantId: invite.tenant_id, userId, ...origin(request), details: { inviteId: invite.id } });
        return true;
      });
      if (!accepted) {
        await authFailureDelay();
        return fail(INVALID_INVITE);
      }
      return sessions.openFor(request, userId, invite.tenant_id);
    },

    async updateRole(request: RequestContext, input: { userId: string; role: string }): Promise<Result<MemberView>> {
      const allowed = checkPermission(request, 'members:change_role');
      if (!allowed.ok) return allowed;
      if (!isRole(input.role)) return badInput('role', 'must be owner, admin, member or viewer');
      const next = input.role;
      if (!/^[0-9a-f-]{36}$/.test(input.userId)) return notFound('Member', input.userId);
      const current = await memberRole(request.tenantId, input.userId);
      if (!current) return notFound('Member', input.userId);
      if (!mayManage(request, current, next)) return fail({ code: 'FORBIDDEN', permission: `members:change_role:${current}` });
      const changed = await systemTransaction(system, tenantScope(request), async (client) => {
        // Owners are counted under a lock, so two demotions cannot leave the tenant ownerless.
        const owners = await client.query<{ user_id: string }>(
          "SELECT user_id FROM accounts.memberships WHERE tenant_id = $1 AND role = 'owner' FOR UPDATE",
          [request.tenantId],
        );
        if (current === 'owner' && next !== 'owner' && owners.rows.length <= 1) return false;
        await client.query('UPDATE accounts.memberships SET role = $3, updated_at = now() WHERE tenant_id = $1 AND user_id = $2', [
          request.tenantId,
          input.userId,
          next,
        ]);
        await recordSecurityEvent(client, {
          type: 'role_changed',
          severity: 'warning',
          tenantId: request.tenantId,
          userId: input.userId,
          ...origin(request),
          details: { from: current, to: next, by: request.actor },
        });
        // Gateways hold a verdict per credential for a few seconds: this event makes them drop it,
        // so the new role applies to the member's very next request. (Team changes belong to no
        // mode; the event is recorded once, in test mode, like session.revoked.)
        const insert = eventsInsert({ tenantId: request.tenantId, livemode: false }, [
          { type: 'member.role_changed', entityType: 'Member', entityId: input.userId, entityVersion: 1, payload: { userId: input.userId, from: current, to: next } },
        ]);
        await client.query(insert.sql, insert.params as unknown[]);
        return true;
      });
      if (!changed) return fail({ code: 'CONFLICT', message: 'The last owner cannot be demoted; make another member owner first' });
      const team = await members(request);
      const member = team.ok ? team.value.find((candidate) => candidate.userId === input.userId) : undefined;
      return member ? ok(member) : notFound('Member', input.userId);
    },

    async remove(request: RequestContext, userId: string): Promise<Result<boolean>> {
      const allowed = checkPermission(request, 'members:remove');
      if (!allowed.ok) return allowed;
      if (!/^[0-9a-f-]{36}$/.test(userId)) return notFound('Member', userId);
      const current = await memberRole(request.tenantId, userId);
      if (!current) return notFound('Member', userId);
      if (!mayManage(request, current)) return fail({ code: 'FORBIDDEN', permission: `members:remove:${current}` });
      const removed = await systemTransaction(system, tenantScope(request), async (client) => {
        const owners = await client.query("SELECT user_id FROM accounts.memberships WHERE tenant_id = $1 AND role = 'owner' FOR UPDATE", [request.tenantId]);
        if (current === 'owner' && owners.rows.length <= 1) return false;
        await client.query('DELETE FROM accounts.memberships WHERE tenant_id = $1 AND user_id = $2', [request.tenantId, userId]);
        await sessions.revokeSessions(client, 'tenant_id = $1 AND user_id = $2', [request.tenantId, userId], 'member_removed');
        await recordSecurityEvent(client, { type: 'member_removed', severity: 'warning', tenantId: request.tenantId, userId, ...origin(request), details: { role: current, by: request.actor } });
        return true;
      });
      return removed ? ok(true) : fail({ code: 'CONFLICT', message: 'The last owner cannot be removed' });
    },
  };
}

export type TeamService = ReturnType<typeof createTeamService>;
