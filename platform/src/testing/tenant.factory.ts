import { randomUUID } from 'node:crypto';
import { issueApiKey, provisionTenant } from '@orquesta/accounts';
import type { RequestContext, Role } from '@orquesta/context';
import type { Pool } from 'pg';
import { testSystemPool } from '@orquesta/testing';

export interface TestTenant {
  readonly tenantId: string;
  readonly livemode: boolean;
  /** A test-mode API key for this tenant. */
  readonly apiKey: string;
  readonly apiKeyId: string;
  /** A request context as the gateway would sign it, for calling services directly. */
  readonly request: RequestContext;
}

/** A fresh tenant of its own for every test: nothing is shared, nothing needs cleaning. */
export async function createTestTenant(
  options: { name?: string; role?: Role; livemode?: boolean; /** Another database's system pool (default: the test database's). */ pool?: Pool; tenantId?: string } = {},
): Promise<TestTenant> {
  const pool = options.pool ?? testSystemPool();
  const { tenantId } = await provisionTenant(pool, options.name ?? `Test tenant ${randomUUID().slice(0, 8)}`, options.tenantId);
  const livemode = options.livemode ?? false;
  const key = await issueApiKey(pool, tenantId, { name: 'test key', role: options.role ?? 'admin', livemode });
  return {
    tenantId,
    livemode,
    apiKey: key.secret,
    apiKeyId: key.id,
    request: {
      tenantId,
      livemode,
      actor: { type: 'api_key', id: key.id, name: 'test key' },
      role: options.role ?? 'admin',
      requestId: randomUUID(),
    },
  };
}
