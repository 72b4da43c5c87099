import type { AgentDirectory } from './agent-directory.port';
import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { roleAtLeast, tenantScope, type RequestContext, type Role } from '@orquesta/context';
import { readForTenant, uuidv7 } from '@orquesta/db';
import { eventsInsert, type NewEvent } from '@orquesta/events';
import { badInput, checkName, checkPermission, fail, notFound, ok, type Result } from '@orquesta/graphql';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../api-keys/api-key.codec';
import { generateToken, hashToken, tokenPrefix } from './credentials';
import { origin, recordSecurityEvent, systemTransaction } from './security-events';

export const API_KEYS_PER_DAY_MAX = 10;
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly livemode: boolean;
  readonly role: Role;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly lastUsedIp: string | null;
  readonly createdById: string | null;
  readonly createdByType: string | null;
}

export interface AgentTokenView {
  readonly id: string;
  readonly agentId: string;
  readonly name: string;
  readonly prefix: string;
  readonly livemode: boolean;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

const API_KEY_COLUMNS = `id, name, prefix, livemode, role, created_at AS "createdAt", expires_at AS "expiresAt",
  revoked_at AS "revokedAt", last_used_at AS "lastUsedAt", last_used_ip AS "lastUsedIp",
  created_by_id AS "createdById", created_by_type AS "createdByType"`;
const AGENT_TOKEN_COLUMNS = `id, agent_id AS "agentId", name, prefix, livemode, created_at AS "createdAt",
  expires_at AS "expiresAt", revoked_at AS "revokedAt", last_used_at AS "lastUsedAt"`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function checkExpiry(expiresAt: Date | null | undefined): Result<Date | null> {
  if (expiresAt === null || expiresAt === undefined) return ok(null);
  if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) return badInput('expiresAt', 'must be a date-time');
  if (expiresAt.getTime() <= Date.now() + 60_000) return badInput('expiresAt', 'must be at least a minute from now');
  if (expiresAt.getTime() > Date.now() + 3 * 365 * 24 * 3600_000) return badInput('expiresAt', 'must be within 3 years');
  return ok(expiresAt);
}

async function emit(client: PoolClient, request: RequestContext, livemode: boolean, event: NewEvent): Promise<void> {
  const insert = eventsInsert({ tenantId: request.tenantId, livemode }, [event]);
  await client.query(insert.sql, insert.params as unknown[]);
}

/**
 * API keys (shown once, stored as SHA-256, at most 10 a day per tenant, rotation with a 24-hour
 * grace) and agent tokens. A new credential has the mode of the request that made it, and an
 * API key never holds more than its creator's role.
 */
export function createCredentialService({ dataSource, system, agents }: { dataSource: DataSource; system: Pool; agents: AgentDirectory }) {
  async function readKey(request: RequestContext, id: string): Promise<ApiKeyView | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows = await readForTenant<ApiKeyView>(
      dataSource,
      tenantScope(request),
      `SELECT ${API_KEY_COLUMNS} FROM accounts.api_keys WHERE id = $1 AND tenant_id = $2 AND livemode = $3`,
      [id, request.tenantId, request.livemode],
    );
    return rows[0];
  }

  // Stores a new key; the daily cap is counted under a lock on the tenant row, so ten parallel
  // requests cannot make eleven.
  async function insertKey(
    client: PoolClient,
    request: RequestContext,
    fields: { name: string; role: Role; expiresAt: Date | null },
  ): Promise<Result<{ apiKey: ApiKeyView; secret: string }>> {
    await client.query('SELECT 1 FROM accounts.tenants WHERE id = $1 FOR UPDATE', [request.tenantId]);
    const { rows } = await client.query<{ count: string }>(
      "SELECT count(*) FROM accounts.api_keys WHERE tenant_id = $1 AND created_at > now() - interval '1 day' AND created_by_type IS NOT NULL",
      [request.tenantId],
    );
    if (Number(rows[0].count) >= API_KEYS_PER_DAY_MAX) {
      return fail({ code: 'RATE_LIMITED', retryAfterSeconds: 3600 });
    }
    const secret = generateApiKey(request.livemode);
    const id = uuidv7();
    const inserted = await client.query<ApiKeyView>(
      `INSERT INTO accounts.api_keys (id, tenant_id, livemode, name, prefix, key_hash, role, expires_at, created_by_type, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${API_KEY_COLUMNS}`,
      [id, request.tenantId, request.livemode, fields.name, apiKeyPrefix(secret), hashApiKey(secret), fields.role, fields.expiresAt, request.actor.type, request.actor.id],
    );
    await recordSecurityEvent(client, {
      type: 'api_key_created',
      severity: 'info',
      tenantId: request.tenantId,
      livemode: request.livemode,
      userId: request.actor.type === 'user' ? request.actor.id : null,
      apiKeyId: id,
      ...origin(request),
      details: { prefix: apiKeyPrefix(secret), livemode: request.livemode, by: request.actor },
    });
    return ok({ apiKey: inserted.rows[0], secret });
  }

  // A key's own creator revokes it with revoke_own; anyone else needs revoke_any.
  function mayRevoke(request: RequestContext, key: ApiKeyView): Result<void> {
    const own = key.createdById === request.actor.id && key.createdByType === request.actor.type;
    return checkPermission(request, own ? 'api_keys:revoke_own' : 'api_keys:revoke_any');
  }

  return {
    async list(request: RequestContext): Promise<Result<ApiKeyView[]>> {
      return ok(
        await readForTenant<ApiKeyView>(
          dataSource,
          tenantScope(request),
          `SELECT ${API_KEY_COLUMNS} FROM accounts.api_keys WHERE tenant_id = $1 AND livemode = $2 ORDER BY created_at DESC, id DESC LIMIT 200`,
          [request.tenantId, request.livemode],
        ),
      );
    },

    async create(request: RequestContext, input: { name: string; role?: string | null; expiresAt?: Date | null }): Promise<Result<{ apiKey: ApiKeyView; secret: string }>> {
      const allowed = checkPermission(request, 'api_keys:create');
      if (!allowed.ok) return allowed;
      const name = checkName('name', input.name);
      if (!name.ok) return name;
      const role = (input.role ?? request.role) as Role;
      if (!['owner', 'admin', 'member', 'viewer'].includes(role)) return badInput('role', 'must be owner, admin, member or viewer');
      if (!roleAtLeast(request.role, role)) return fail({ code: 'FORBIDDEN', permission: `api_keys:create:${role}` });
      const expiresAt = checkExpiry(input.expiresAt);
      if (!expiresAt.ok) return expiresAt;
      return systemTransaction(system, tenantScope(request), (client) => insertKey(client, request, { name: name.value, role, expiresAt: expiresAt.value }));
    },

    /** Immediate: gateways drop the key from their caches when the event reaches them. */
    async revoke(request: RequestContext, id: string): Promise<Result<ApiKeyView>> {
      const key = await readKey(request, id);
      if (!key) return notFound('ApiKey', id);
      const allowed = mayRevoke(request, key);
      if (!allowed.ok) return allowed;
      if (key.revokedAt) return ok(key);
      return ok(
        await systemTransaction(system, tenantScope(request), async (client) => {
          const { rows } = await client.query<ApiKeyView>(
            `UPDATE accounts.api_keys SET revoked_at = now() WHERE id = $1 AND tenant_id = $2 RETURNING ${API_KEY_COLUMNS}`,
            [id, request.tenantId],
          );
          await emit(client, request, key.livemode, {
            type: 'api_key.revoked',
            entityType: 'ApiKey',
            entityId: id,
            entityVersion: 1,
            payload: { apiKeyId: id, prefix: key.prefix, reason: 'revoked' },
          });
          await recordSecurityEvent(client, { type: 'api_key_revoked', severity: 'warning', tenantId: request.tenantId, livemode: key.livemode, apiKeyId: id, ...origin(request), details: { prefix: key.prefix, by: request.actor } });
          return rows[0];
        }),
      );
    },

    /** A new key with the same name, role and mode; the old one keeps working for 24 hours. */
    async rotate(request: RequestContext, id: string): Promise<Result<{ apiKey: ApiKeyView; secret: string; previousKeyExpiresAt: Date }>> {
      const key = await readKey(request, id);
      if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= Date.now())) return notFound('ApiKey', id);
      const allowed = mayRevoke(request, key);
      if (!allowed.ok) return allowed;
      const created = checkPermission(request, 'api_keys:create');
      if (!created.ok) return created;
      const graceEnd = new Date(Math.min(Date.now() + ROTATION_GRACE_MS, key.expiresAt?.getTime() ?? Infinity));
      return systemTransaction(system, tenantScope(request), async (client) => {
        const issued = await insertKey(client, request, { name: key.name, role: key.role, expiresAt: key.expiresAt });
        if (!issued.ok) return issued;
        await client.query('UPDATE accounts.api_keys SET expires_at = $3, rotated_to = $4 WHERE id = $1 AND tenant_id = $2', [
          id,
          request.tenantId,
          graceEnd,
          issued.value.apiKey.id,
        ]);
        await recordSecurityEvent(client, {
          type: 'api_key_rotated',
          severity: 'info',
          tenantId: request.tenantId,
          livemode: key.livemode,
          apiKeyId: id,
          ...origin(request),
          details: { prefix: key.prefix, newPrefix: issued.value.apiKey.prefix, graceEndsAt: graceEnd.toISOString() },
        });
        return ok({ ...issued.value, previousKeyExpiresAt: graceEnd });
      });
    },

    /** An `agent_…` token for one of the tenant's agents in this mode; shown once. */
    async createAgentToken(
      request: RequestContext,
      input: { agentId: string; name?: string | null; expiresAt?: Date | null },
    ): Promise<Result<{ agentToken: AgentTokenView; token: string }>> {
      const allowed = checkPermission(request, 'api_keys:create');
      if (!allowed.ok) return allowed;
      if (!UUID.test(input.agentId)) return notFound('Agent', input.agentId);
      const agent = await agents.find(dataSource, tenantScope(request), input.agentId);
      if (!agent) return notFound('Agent', input.agentId);
      const name = checkName('name', input.name ?? `${agent.name} token`);
      if (!name.ok) return name;
      const expiresAt = checkExpiry(input.expiresAt);
      if (!expiresAt.ok) return expiresAt;
      const token = generateToken('agent');
      const id = uuidv7();
      const rows = await systemTransaction(system, tenantScope(request), async (client) => {
        const inserted = await client.query<AgentTokenView>(
          `INSERT INTO accounts.agent_tokens (id, tenant_id, livemode, agent_id, name, prefix, token_hash, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${AGENT_TOKEN_COLUMNS}`,
          [id, request.tenantId, request.livemode, input.agentId, name.value, tokenPrefix(token), hashToken(token), expiresAt.value],
        );
        await recordSecurityEvent(client, { type: 'agent_token_created', severity: 'info', tenantId: request.tenantId, livemode: request.livemode, ...origin(request), details: { agentTokenId: id, agentId: input.agentId, by: request.actor } });
        return inserted.rows;
      });
      return ok({ agentToken: rows[0], token });
    },

    async revokeAgentToken(request: RequestContext, id: string): Promise<Result<AgentTokenView>> {
      const allowed = checkPermission(request, 'api_keys:revoke_any');
      if (!allowed.ok) return allowed;
      if (!UUID.test(id)) return notFound('AgentToken', id);
      const rows = await systemTransaction(system, tenantScope(request), async (client) => {
        const updated = await client.query<AgentTokenView>(
          `UPDATE accounts.agent_tokens SET revoked_at = COALESCE(revoked_at, now())
            WHERE id = $1 AND tenant_id = $2 AND livemode = $3 RETURNING ${AGENT_TOKEN_COLUMNS}`,
          [id, request.tenantId, request.livemode],
        );
        const token = updated.rows[0];
        if (token) {
          await emit(client, request, request.livemode, {
            type: 'agent_token.revoked',
            entityType: 'AgentToken',
            entityId: id,
            entityVersion: 1,
            payload: { agentTokenId: id, agentId: token.agentId },
          });
        }
        return updated.rows;
      });
      return rows[0] ? ok(rows[0]) : notFound('AgentToken', id);
    },

    async agentTokens(request: RequestContext, agentId?: string | null): Promise<Result<AgentTokenView[]>> {
      return ok(
        await readForTenant<AgentTokenView>(
          dataSource,
          tenantScope(request),
          `SELECT ${AGENT_TOKEN_COLUMNS} FROM accounts.agent_tokens
            WHERE tenant_id = $1 AND livemode = $2 AND ($3::uuid IS NULL OR agent_id = $3::uuid)
            ORDER BY created_at DESC LIMIT 200`,
          [request.tenantId, request.livemode, agentId && UUID.test(agentId) ? agentId : null],
        ),
      );
    },
  };
}

export type CredentialService = ReturnType<typeof createCredentialService>;
