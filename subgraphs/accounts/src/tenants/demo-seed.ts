import type { Pool } from 'pg';
import { uuidv7 } from '@orquesta/db';
import { issueApiKey, provisionTenant } from './tenant-provisioning';

/** The demo tenant's fixed id, so seeding is idempotent across restarts. */
export const DEMO_TENANT_ID = '0190b5e0-0000-7000-8000-00000000de00';

const DEMO_ACCOUNTS = [
  { type: 'business', name: 'Andes Import SAS', email: 'finance@andes-import.example' },
  { type: 'business', name: 'Tortillería La Paloma', email: 'pagos@lapaloma.example' },
  { type: 'person', name: 'Wanjiru Kamau', email: 'wanjiru@example.com' },
] as const;

export interface DemoSeed {
  readonly tenantId: string;
  /** Set only when a key was created now: it is printed once and never again. */
  readonly newApiKey?: string;
  readonly accountIds: string[];
}

/**
 * Seeds the demo tenant: the tenant, a test-mode API key (fixed by ORQUESTA_DEMO_API_KEY when
 * given) and a few accounts. Safe to run on every start.
 */
export async function seedDemoTenant(systemPool: Pool, fixedApiKey?: string): Promise<DemoSeed> {
  const tenant = await provisionTenant(systemPool, 'Demo Fintech', DEMO_TENANT_ID);
  let newApiKey: string | undefined;
  if (fixedApiKey) {
    const key = await issueApiKey(systemPool, DEMO_TENANT_ID, { name: 'Demo key (fixed)', secret: fixedApiKey });
    if (key.created) newApiKey = key.secret;
  } else if (tenant.created) {
    newApiKey = (await issueApiKey(systemPool, DEMO_TENANT_ID, { name: 'Demo key' })).secret;
  }
  if (tenant.created) {
    for (const account of DEMO_ACCOUNTS) {
      await systemPool.query(
        'INSERT INTO accounts.accounts (id, tenant_id, livemode, type, name, email) VALUES ($1, $2, false, $3, $4, $5)',
        [uuidv7(), DEMO_TENANT_ID, account.type, account.name, account.email],
      );
    }
  }
  const { rows } = await systemPool.query<{ id: string }>(
    'SELECT id FROM accounts.accounts WHERE tenant_id = $1 AND livemode = false ORDER BY id LIMIT 3',
    [DEMO_TENANT_ID],
  );
  return { tenantId: DEMO_TENANT_ID, newApiKey, accountIds: rows.map((row) => row.id) };
}
