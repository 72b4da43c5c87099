import type { Pool } from 'pg';
import { uuidv7 } from '@orquesta/db';
import type { Role } from '@orquesta/context';
import { apiKeyMode, apiKeyPrefix, generateApiKey, hashApiKey, isApiKeyFormat } from '../api-keys/api-key.codec';

export interface ProvisionedTenant {
  readonly tenantId: string;
  readonly created: boolean;
}

/** Creates a tenant with a fixed or fresh id; a second call with the same id changes nothing. */
export async function provisionTenant(systemPool: Pool, name: string, tenantId = uuidv7()): Promise<ProvisionedTenant> {
  const result = await systemPool.query('INSERT INTO accounts.tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [
    tenantId,
    name,
  ]);
  return { tenantId, created: result.rowCount === 1 };
}

export interface IssuedApiKey {
  readonly id: string;
  /** The key itself: shown once, never stored. */
  readonly secret: string;
  readonly prefix: string;
  readonly livemode: boolean;
  readonly created: boolean;
}

/** Stores an API key (a fresh one, or a given one for fixed demo credentials) for a tenant. */
export async function issueApiKey(
  systemPool: Pool,
  tenantId: string,
  options: { name: string; role?: Role; livemode?: boolean; secret?: string },
): Promise<IssuedApiKey> {
  const secret = options.secret ?? generateApiKey(options.livemode ?? false);
  if (!isApiKeyFormat(secret)) throw new Error('an API key must look like pk_test_<64 hex> or pk_live_<64 hex>');
  const livemode = apiKeyMode(secret);
  const id = uuidv7();
  const result = await systemPool.query(
    `INSERT INTO accounts.api_keys (id, tenant_id, livemode, name, prefix, key_hash, role)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key_hash) DO NOTHING`,
    [id, tenantId, livemode, options.name, apiKeyPrefix(secret), hashApiKey(secret), options.role ?? 'admin'],
  );
  return { id, secret, prefix: apiKeyPrefix(secret), livemode, created: result.rowCount === 1 };
}
