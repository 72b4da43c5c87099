import type { AgentDirectory } from './agent-directory.port';
import { timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import type { CredentialVerifier, PresentedCredential, Principal, Role } from '@orquesta/context';
import { apiKeyMode, hashApiKey, isApiKeyFormat } from '../api-keys/api-key.codec';
import { hashToken, isJwtShape, isTokenFormat, tokenPrefix, verifyAccessToken } from './credentials';
import { recordSecurityEvent } from './security-events';

// A revoked credential stops working on every gateway replica within this long even if no
// message reaches it: revocations clear the cache at once on the replica that ran them, and
// over Redis (then the outbox event) on the others.
const CACHE_TTL_MS = 250;
const CACHE_ENTRIES_MAX = 10_000;
// last_used_at / last_used_ip are written at most this often per key and address.
const USAGE_WRITE_INTERVAL_MS = 60_000;

interface ApiKeyRow {
  id: string;
  tenant_id: string;
  livemode: boolean;
  role: Role;
  name: string;
  prefix: string;
  key_hash: Buffer;
  expires_at: Date | null;
}

interface AgentTokenRow {
  id: string;
  tenant_id: string;
  livemode: boolean;
  agent_id: string;
  token_hash: Buffer;
  expires_at: Date | null;
}

interface SessionRow {
  user_id: string;
  tenant_id: string;
  role: Role;
  email: string;
}

/**
 * Verifies every credential the gateway accepts, for HTTP and websockets alike: API keys
 * (`pk_test_…`, `pk_live_…`), agent tokens (`agent_…`, refused while the agent is paused or
 * suspended) and session access tokens (HS256 JWTs naming a live session). Runs before any
 * tenant is known, so it reads on the system role; lookups are by SHA-256, compared again in
 * constant time.
 */
export function createCredentialAuthenticator(systemPool: Pool, jwtSecret: Buffer, agents: AgentDirectory): CredentialVerifier {
  const cache = new Map<string, { principal: Principal | undefined; expiresAtMs: number }>();
  const usageWritten = new Map<string, number>();

  async function apiKey(key: string): Promise<Principal | undefined> {
    const hash = hashApiKey(key);
    const { rows } = await systemPool.query<ApiKeyRow>(
      `SELECT id, tenant_id, livemode, role, name, prefix, key_hash, expires_at FROM accounts.api_keys
        WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [hash],
    );
    const row = rows[0];
    if (!row || !timingSafeEqual(row.key_hash, hash) || row.livemode !== apiKeyMode(key)) return undefined;
    return {
      kind: 'api_key',
      tenantId: row.tenant_id,
      livemode: row.livemode,
      role: row.role,
      actor: { type: 'api_key', id: row.id, name: row.name },
      credentialId: row.id,
      prefix: row.prefix,
      expiresAtMs: row.expires_at?.getTime(),
    };
  }

  async function agentToken(token: string): Promise<Principal | undefined> {
    const hash = hashToken(token);
    const { rows } = await systemPool.query<AgentTokenRow>(
      `SELECT id, tenant_id, livemode, agent_id, token_hash, expires_at FROM accounts.agent_tokens
        WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [hash],
    );
    const row = rows[0];
    if (!row || !timingSafeEqual(row.token_hash, hash)) return undefined;
    const agent = await agents.find(systemPool, { tenantId: row.tenant_id, livemode: row.livemode }, row.agent_id);
    if (!agent || agent.status !== 'active') return undefined;
    return {
      kind: 'agent',
      tenantId: row.tenant_id,
      livemode: row.livemode,
      // An agent moves money within its limits and reads; the permission matrix allows no more.
      role: 'member',
      actor: { type: 'agent', id: row.agent_id, name: agent.name },
      credentialId: row.id,
      prefix: tokenPrefix(token),
      agentAccountId: agent.accountId,
      expiresAtMs: row.expires_at?.getTime(),
    };
  }

  async function session(token: string, live: boolean): Promise<Principal | undefined> {
    const claims = verifyAccessToken(jwtSecret, token);
    if (!claims) return undefined;
    const { rows } = await systemPool.query<SessionRow>(
      `SELECT s.user_id, s.tenant_id, m.role, u.email
         FROM accounts.sessions s
         JOIN accounts.memberships m ON m.tenant_id = s.tenant_id AND m.user_id = s.user_id
         JOIN accounts.users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
      [claims.sid],
    );
    const row = rows[0];
    if (!row || row.user_id !== claims.sub || row.tenant_id !== claims.tid) return undefined;
    return {
      kind: 'session',
      tenantId: row.tenant_id,
      livemode: live,
      role: row.role,
      actor: { type: 'user', id: row.user_id, name: row.email },
      credentialId: claims.sid,
      prefix: `session:${claims.sid.slice(0, 8)}`,
      expiresAtMs: claims.exp * 1000,
    };
  }

  function lookup(credential: PresentedCredential): Promise<Principal | undefined> {
    const { token } = credential;
    if (isApiKeyFormat(token)) return apiKey(token);
    if (isTokenFormat('agent', token)) return agentToken(token);
    if (isJwtShape(token)) return session(token, credential.live === true);
    return Promise.resolve(undefined);
  }

  // Where and when a key was last used; a key seen from a new address is a security event.
  function recordUsage(principal: Principal, ip: string | undefined): void {
    if (principal.kind === 'session' || !ip) return;
    const marker = `${principal.credentialId}|${ip}`;
    const now = Date.now();
    if ((usageWritten.get(marker) ?? 0) > now - USAGE_WRITE_INTERVAL_MS) return;
    if (usageWritten.size >= CACHE_ENTRIES_MAX) usageWritten.clear();
    usageWritten.set(marker, now);
    const table = principal.kind === 'api_key' ? 'accounts.api_keys' : 'accounts.agent_tokens';
    const ipColumn = principal.kind === 'api_key' ? ', last_used_ip = $2' : '';
    const previous = principal.kind === 'api_key' ? '(SELECT last_used_ip FROM accounts.api_keys WHERE id = $1)' : 'NULL::text';
    systemPool
      .query<{ previous: string | null }>(`UPDATE ${table} SET last_used_at = now()${ipColumn} WHERE id = $1 RETURNING ${previous} AS previous`, principal.kind === 'api_key' ? [principal.credentialId, ip] : [principal.credentialId])
      .then(async ({ rows }) => {
        const before = rows[0]?.previous;
        if (before && before !== ip) {
          await recordSecurityEvent(systemPool, {
            type: 'api_key_new_ip',
            severity: 'warning',
            tenantId: principal.tenantId,
            livemode: principal.livemode,
            apiKeyId: principal.credentialId,
            ip,
            details: { prefix: principal.prefix, previousIp: before },
          });
        }
      })
      .catch(() => undefined);
  }

  return {
    /** The principal for a credential valid now; `fresh` skips the cache (revocation checks). */
    async authenticate(credential: PresentedCredential, options: { fresh?: boolean } = {}): Promise<Principal | undefined> {
      const cacheKey = `${hashToken(credential.token).toString('base64')}|${credential.live === true}`;
      const now = Date.now();
      const cached = options.fresh ? undefined : cache.get(cacheKey);
      let principal: Principal | undefined;
      if (cached && cached.expiresAtMs > now) {
        principal = cached.principal;
      } else {
        principal = await lookup(credential);
        if (cache.size >= CACHE_ENTRIES_MAX) cache.clear();
        cache.set(cacheKey, { principal, expiresAtMs: now + CACHE_TTL_MS });
      }
      if (principal?.expiresAtMs !== undefined && principal.expiresAtMs <= now) return undefined;
      if (principal) recordUsage(principal, credential.ip);
      return principal;
    },
    /** Forgets every cached verdict (a credential was revoked somewhere). */
    invalidate(): void {
      cache.clear();
    },
  };
}

export type CredentialAuthenticator = CredentialVerifier;
export type { Principal, PresentedCredential };
