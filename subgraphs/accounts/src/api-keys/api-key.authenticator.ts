import { timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import type { Actor, Role } from '@orquesta/context';
import { apiKeyMode, apiKeyPrefix, hashApiKey, isApiKeyFormat } from './api-key.codec';

export interface ApiKeyPrincipal {
  readonly tenantId: string;
  readonly livemode: boolean;
  readonly role: Role;
  readonly actor: Actor;
  readonly prefix: string;
}

interface KeyRow {
  id: string;
  tenant_id: string;
  livemode: boolean;
  role: Role;
  name: string;
  prefix: string;
  key_hash: Buffer;
}

// A revoked key stops working within this long on every gateway replica.
const CACHE_TTL_MS = 5_000;
const CACHE_ENTRIES_MAX = 10_000;

/**
 * Authenticates `pk_test_…` / `pk_live_…` keys for the gateway. Runs before any tenant is known,
 * so it reads with the system role; lookups are by SHA-256, compared again in constant time.
 */
export function createApiKeyAuthenticator(systemPool: Pool) {
  const cache = new Map<string, { principal: ApiKeyPrincipal | undefined; expiresAtMs: number }>();

  async function lookup(key: string): Promise<ApiKeyPrincipal | undefined> {
    const hash = hashApiKey(key);
    const { rows } = await systemPool.query<KeyRow>(
      `SELECT id, tenant_id, livemode, role, name, prefix, key_hash FROM accounts.api_keys
        WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [hash],
    );
    const row = rows[0];
    if (!row || !timingSafeEqual(row.key_hash, hash) || row.livemode !== apiKeyMode(key)) return undefined;
    return {
      tenantId: row.tenant_id,
      livemode: row.livemode,
      role: row.role,
      actor: { type: 'api_key', id: row.id, name: row.name },
      prefix: row.prefix,
    };
  }

  return {
    async authenticate(key: string): Promise<ApiKeyPrincipal | undefined> {
      if (!isApiKeyFormat(key)) return undefined;
      const cacheKey = hashApiKey(key).toString('base64');
      const now = Date.now();
      const cached = cache.get(cacheKey);
      if (cached && cached.expiresAtMs > now) return cached.principal;
      const principal = await lookup(key);
      if (cache.size >= CACHE_ENTRIES_MAX) cache.clear();
      cache.set(cacheKey, { principal, expiresAtMs: now + CACHE_TTL_MS });
      return principal;
    },
  };
}

export type ApiKeyAuthenticator = ReturnType<typeof createApiKeyAuthenticator>;
export { apiKeyPrefix };
