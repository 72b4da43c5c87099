import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { type RequestContext, tenantScope } from '@orquesta/context';
import { readForTenant, uuidv7 } from '@orquesta/db';
import { eventsInsert } from '@orquesta/events';
import { badInput, checkName, fail, notFound, ok, type Result } from '@orquesta/graphql';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../api-keys/api-key.codec';
import { authFailureDelay } from '@orquesta/ratelimit';
import type { AuthThrottle } from './auth-throttle';
import {
  decoyPasswordHash,
  generateToken,
  hashPassword,
  hashToken,
  isTokenFormat,
  REFRESH_TOKEN_TTL_SECONDS,
  signAccessToken,
  verifyPassword,
  ACCESS_TOKEN_TTL_SECONDS,
} from './credentials';
import { checkEmail, checkPassword } from './password.rules';
import { origin, recordSecurityEvent, systemTransaction } from './security-events';

export interface SessionTokens {
  readonly accessToken: string;
  readonly accessTokenExpiresAt: Date;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: Date;
  readonly sessionId: string;
  readonly userId: string;
  readonly tenantId: string;
}

export interface SignupResult extends SessionTokens {
  readonly testApiKey: string;
  readonly liveApiKey: string;
}

export interface SessionView {
  readonly id: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  readonly expiresAt: Date;
}

const INVALID_LOGIN = { code: 'UNAUTHENTICATED', message: 'Invalid email or password' } as const;
const INVALID_REFRESH = { code: 'UNAUTHENTICATED', message: 'The refresh token is not valid' } as const;

export interface SessionServiceDeps {
  readonly dataSource: DataSource;
  readonly system: Pool;
  readonly throttle: AuthThrottle;
  readonly jwtSecret: Buffer;
}

/** Signup, login, refresh-token rotation with reuse detection, logout and session lists. */
export function createSessionService({ dataSource, system, throttle, jwtSecret }: SessionServiceDeps) {
  // Opens a session for a user in a tenant and issues its first token pair.
  async function openSession(client: PoolClient, userId: string, tenantId: string, request: RequestContext): Promise<SessionTokens> {
    const sessionId = uuidv7();
    const now = new Date();
    const refreshToken = generateToken('rt');
    const refreshTokenExpiresAt = new Date(now.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000);
    await client.query(
      `INSERT INTO accounts.sessions (id, tenant_id, user_id, ip, user_agent, created_at, last_used_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7)`,
      [sessionId, tenantId, userId, request.ip ?? null, request.userAgent?.slice(0, 512) ?? null, now, refreshTokenExpiresAt],
    );
    await client.query('INSERT INTO accounts.refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, $3)', [
      hashToken(refreshToken),
      sessionId,
      refreshTokenExpiresAt,
    ]);
    return tokens(userId, tenantId, sessionId, refreshToken, refreshTokenExpiresAt);
  }

  function tokens(userId: string, tenantId: string, sessionId: string, refreshToken: string, refreshTokenExpiresAt: Date): SessionTokens {
    const iat = Math.floor(Date.now() / 1000);
    return {
      accessToken: signAccessToken(jwtSecret, { sub: userId, sid: sessionId, tid: tenantId }, iat),
      accessTokenExpiresAt: new Date((iat + ACCESS_TOKEN_TTL_SECONDS) * 1000),
      refreshToken,
      refreshTokenExpiresAt,
      sessionId,
      userId,
      tenantId,
    };
  }

  // Ends sessions and announces it, so gateways close the sockets they hold at once.
  async function revokeSessions(client: PoolClient, where: string, params: unknown[], reason: string): Promise<number> {
    const { rows } = await client.query<{ id: string; tenant_id: string; user_id: string }>(
      `UPDATE accounts.sessions SET revoked_at = now(), revoked_reason = $${params.length + 1}
        WHERE ${where} AND revoked_at IS NULL RETURNING id, tenant_id, user_id`,
      [...params, reason],
    );
    // Sessions belong to no mode; the event is recorded once, in test mode, on the tenant's channel.
    for (const row of rows) {
      const insert = eventsInsert({ tenantId: row.tenant_id, livemode: false }, [
        { type: 'session.revoked', entityType: 'Session', entityId: row.id, entityVersion: 1, payload: { sessionId: row.id, userId: row.user_id, reason } },
      ]);
      await client.query(insert.sql, insert.params as unknown[]);
    }
    return rows.length;
  }

  /** A new session for a user who just proved who they are (login, accepted invite). */
  async function openFor(request: RequestContext, userId: string, tenantId: string): Promise<Result<SessionTokens>> {
    const actor = { type: 'user', id: userId };
    const scope = { tenantId, livemode: false, actor, requestId: request.requestId };
    return ok(await systemTransaction(system, scope, (client) => openSession(client, userId, tenantId, request)));
  }

  return {
    revokeSessions,
    openFor,

    /** A tenant and its owner in one step, with a test and a live key shown once. */
    async signup(
      request: RequestContext,
      input: { email: string; password: string; name: string; companyName: string },
    ): Promise<Result<SignupResult>> {
      const email = checkEmail(input.email);
      if (!email.ok) return email;
      const name = checkName('name', input.name);
      if (!name.ok) return name;
      const company = checkName('companyName', input.companyName);
      if (!company.ok) return company;
      const password = checkPassword(input.password, email.value);
      if (!password.ok) return password;
      const verdict = await throttle.signup(request.ip ?? 'unknown');
      if (!verdict.allowed) return fail({ code: 'RATE_LIMITED', retryAfterSeconds: verdict.retryAfterSeconds });

      const passwordHash = await hashPassword(password.value);
      const tenantId = uuidv7();
      const userId = uuidv7();
      const actor = { type: 'user', id: userId, name: email.value };
      try {
        return ok(
          await systemTransaction(system, { tenantId, livemode: false, actor, requestId: request.requestId }, async (client) => {
            await client.query('INSERT INTO accounts.tenants (id, name) VALUES ($1, $2)', [tenantId, company.value]);
            await client.query('INSERT INTO accounts.users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)', [
              userId,
              email.value,
              name.value,
              passwordHash,
            ]);
            await client.query("INSERT INTO accounts.memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner')", [tenantId, userId]);
            const keys: string[] = [];
            for (const livemode of [false, true]) {
              const key = generateApiKey(livemode);
              keys.push(key);
              await client.query(
                `INSERT INTO accounts.api_keys (id, tenant_id, livemode, name, prefix, key_hash, role, created_by_type, created_by_id)
                 VALUES ($1, $2, $3, $4, $5, $6, 'owner', 'user', $7)`,
                [uuidv7(), tenantId, livemode, livemode ? 'Live key' : 'Test key', apiKeyPrefix(key), hashApiKey(key), userId],
              );
            }
            await recordSecurityEvent(client, { type: 'signup', severity: 'info', tenantId, userId, ...origin(request) });
            const session = await openSession(client, userId, tenantId, request);
            return { ...session, testApiKey: keys[0], liveApiKey: keys[1] };
          }),
        );
      } catch (error) {
        // The email is taken. Said as a plain conflict only at signup, where the person chose it;
        // login and invites never reveal it.
        if ((error as { code?: string }).code === '23505') {
          await authFailureDelay();
          return fail({ code: 'CONFLICT', message: 'Could not create an account with this email; sign in instead' });
        }
        throw error;
      }
    },

    async login(request: RequestContext, input: { email: string; password: string; tenantId?: string | null }): Promise<Result<SessionTokens>> {
      const email = checkEmail(input.email);
      if (!email.ok || typeof input.password !== 'string' || input.password.length > 256) {
        await authFailureDelay();
        return fail(INVALID_LOGIN);
      }
      const ip = request.ip ?? 'unknown';
      const verdict = await throttle.login(email.value, ip);
      if (!verdict.allowed) return fail({ code: 'RATE_LIMITED', retryAfterSeconds: verdict.retryAfterSeconds });
      const locked = await throttle.locked(email.value);
      if (!locked.allowed) {
        await authFailureDelay();
        return fail({ code: 'RATE_LIMITED', retryAfterSeconds: locked.retryAfterSeconds });
      }

      const { rows } = await system.query<{ id: string; password_hash: string; tenant_id: string | null }>(
        `SELECT u.id, u.password_hash,
                (SELECT m.tenant_id FROM accounts.memberships m
                  WHERE m.user_id = u.id AND ($2::uuid IS NULL OR m.tenant_id = $2::uuid)
                  ORDER BY m.created_at LIMIT 1) AS tenant_id
           FROM accounts.users u WHERE u.email = $1`,
        [email.value, input.tenantId && /^[0-9a-f-]{36}$/.test(input.tenantId) ? input.tenantId : null],
      );
      const user = rows[0];
      // Unknown emails cost the same scrypt as known ones.
      const matches = await verifyPassword(input.password, user?.password_hash ?? (await decoyPasswordHash()));
      if (!user || !matches || !user.tenant_id) {
        const justLocked = await throttle.failed(email.value);
        await recordSecurityEvent(system, { type: 'login_failed', severity: 'warning', tenantId: user?.tenant_id, userId: user?.id, ...origin(request) });
        if (justLocked) {
          await recordSecurityEvent(system, { type: 'account_locked', severity: 'critical', tenantId: user?.tenant_id, userId: user?.id, ...origin(request) });
        }
        await authFailureDelay();
        return fail(INVALID_LOGIN);
      }
      await throttle.succeeded(email.value);
      await recordSecurityEvent(system, { type: 'login_succeeded', severity: 'info', tenantId: user.tenant_id, userId: user.id, ...origin(request) });
      return openFor(request, user.id, user.tenant_id);
    },

    /**
     * Rotates a refresh token: the presented one is spent, a new pair is issued. A spent token
     * presented again means it was copied: every session of that user ends.
     */
    async refresh(request: RequestContext, refreshToken: unknown): Promise<Result<SessionTokens>> {
      if (!isTokenFormat('rt', refreshToken)) {
        await authFailureDelay();
        return fail(INVALID_REFRESH);
      }
      const outcome = await systemTransaction(system, undefined, async (client) => {
        const { rows } = await client.query<{
          session_id: string;
          spent_at: Date | null;
          token_expires_at: Date;
          tenant_id: string;
          user_id: string;
          revoked_at: Date | null;
          role: string | null;
        }>(
          `SELECT t.session_id, t.spent_at, t.expires_at AS token_expires_at, s.tenant_id, s.user_id, s.revoked_at, m.role
             FROM accounts.refresh_tokens t
             JOIN accounts.sessions s ON s.id = t.session_id
             LEFT JOIN accounts.memberships m ON m.tenant_id = s.tenant_id AND m.user_id = s.user_id
            WHERE t.token_hash = $1
            FOR UPDATE OF t, s`,
          [hashToken(refreshToken)],
        );
        const row = rows[0];
        if (!row) return { kind: 'invalid' as const };
        if (row.spent_at) {
          const ended = await revokeSessions(client, 'user_id = $1', [row.user_id], 'refresh_token_reuse');
          await recordSecurityEvent(client, {
            type: 'refresh_token_reused',
            severity: 'critical',
            tenantId: row.tenant_id,
            userId: row.user_id,
            ...origin(request),
            details: { sessionId: row.session_id, sessionsRevoked: ended },
          });
          return { kind: 'reused' as const };
        }
        if (row.revoked_at || row.token_expires_at.getTime() <= Date.now() || !row.role) return { kind: 'invalid' as const };
        const next = generateToken('rt');
        const expiresAt = new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000);
        await client.query('UPDATE accounts.refresh_tokens SET spent_at = now() WHERE token_hash = $1', [hashToken(refreshToken)]);
        await client.query('INSERT INTO accounts.refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, $3)', [
          hashToken(next),
          row.session_id,
          expiresAt,
        ]);
        await client.query('UPDATE accounts.sessions SET last_used_at = now(), expires_at = $2, ip = COALESCE($3, ip) WHERE id = $1', [
          row.session_id,
          expiresAt,
          request.ip ?? null,
        ]);
        return { kind: 'rotated' as const, tokens: tokens(row.user_id, row.tenant_id, row.session_id, next, expiresAt) };
      });
      if (outcome.kind === 'rotated') return ok(outcome.tokens);
      await authFailureDelay();
      return fail(INVALID_REFRESH);
    },

    /** Ends the session the request came with (a session credential only). */
    async logout(request: RequestContext): Promise<Result<boolean>> {
      if (request.actor.type !== 'user' || !request.credentialId) return badInput('session', 'logout needs a dashboard session');
      await systemTransaction(system, tenantScope(request), (client) =>
        revokeSessions(client, 'id = $1 AND tenant_id = $2', [request.credentialId, request.tenantId], 'logout'),
      );
      return ok(true);
    },

    /** Ends every session of the signed-in user, in every tenant. */
    async logoutEverywhere(request: RequestContext): Promise<Result<number>> {
      if (request.actor.type !== 'user') return badInput('session', 'logoutEverywhere needs a dashboard session');
      return ok(
        await systemTransaction(system, tenantScope(request), async (client) => {
          const ended = await revokeSessions(client, 'user_id = $1', [request.actor.id], 'logout_everywhere');
          await recordSecurityEvent(client, { type: 'logout_everywhere', severity: 'info', tenantId: request.tenantId, userId: request.actor.id, ...origin(request), details: { sessionsRevoked: ended } });
          return ended;
        }),
      );
    },

    /** The signed-in user's active sessions in this tenant, newest first. */
    async list(request: RequestContext): Promise<Result<SessionView[]>> {
      if (request.actor.type !== 'user') return ok([]);
      const rows = await readForTenant<SessionView>(
        dataSource,
        tenantScope(request),
        `SELECT id, ip, user_agent AS "userAgent", created_at AS "createdAt", last_used_at AS "lastUsedAt", expires_at AS "expiresAt"
           FROM accounts.sessions
          WHERE tenant_id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > now()
          ORDER BY created_at DESC LIMIT 100`,
        [request.tenantId, request.actor.id],
      );
      return ok(rows);
    },

    /** Ends one of the signed-in user's own sessions; anyone else's is not found. */
    async revoke(request: RequestContext, sessionId: string): Promise<Result<boolean>> {
      if (!/^[0-9a-f-]{36}$/.test(sessionId)) return notFound('Session', sessionId);
      if (request.actor.type !== 'user') return notFound('Session', sessionId);
      const ended = await systemTransaction(system, tenantScope(request), (client) =>
        revokeSessions(client, 'id = $1 AND tenant_id = $2 AND user_id = $3', [sessionId, request.tenantId, request.actor.id], 'revoked'),
      );
      return ended === 1 ? ok(true) : notFound('Session', sessionId);
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
