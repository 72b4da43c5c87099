import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { uuidv7 } from '@orquesta/db';
import { createLedger, createMoneyPath } from '@orquesta/ledger';
import { createBalanceService } from '../balances/balance.service';
import { hashPassword } from '../identity/credentials';
import { issueApiKey, provisionTenant } from './tenant-provisioning';

/**
 * The demo tenant's id: fixed per database, so seeding is idempotent across restarts (and safe
 * from several processes at once), yet different in every database, so two deployments never
 * share a tenant id (in one Redis, in logs, in a partner's webhook receiver).
 */
export function demoTenantId(databaseName: string): string {
  const hex = createHash('sha256').update(`orquesta-demo-tenant\0${databaseName}`).digest('hex');
  // An RFC 9562 version 8 (custom) UUID, variant 10.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// A database seeded before the id depended on the database name keeps its demo tenant: the
// one the demo owner belongs to.
async function existingDemoTenantId(systemPool: Pool): Promise<string | undefined> {
  const { rows } = await systemPool.query<{ tenant_id: string }>(
    `SELECT m.tenant_id FROM accounts.memberships m JOIN accounts.users u ON u.id = m.user_id
      WHERE u.email = $1 AND m.role = 'owner' ORDER BY m.tenant_id LIMIT 1`,
    [DEMO_OWNER_EMAIL],
  );
  return rows[0]?.tenant_id;
}

const DEMO_ACCOUNTS = [
  { type: 'business', name: 'Andes Import SAS', email: 'finance@andes-import.example' },
  { type: 'business', name: 'Tortillería La Paloma', email: 'pagos@lapaloma.example' },
  { type: 'person', name: 'Wanjiru Kamau', email: 'wanjiru@example.com' },
] as const;

// What each demo account starts with, in the order seedDemoTenant returns them.
const DEMO_DEPOSITS = [
  [{ amount: '25000.00', currency: 'USD' }, { amount: '1500.000000', currency: 'USDC' }],
  [{ amount: '4200.00', currency: 'USD' }, { amount: '18500.00', currency: 'MXN' }],
  [{ amount: '350.00', currency: 'USD' }, { amount: '42000.00', currency: 'KES' }],
] as const;

/** The demo owner signs in to the dashboard with this email. */
export const DEMO_OWNER_EMAIL = 'owner@demo.orquesta.dev';

export interface DemoSeed {
  readonly tenantId: string;
  /** Set only when a key was created now: it is printed once and never again. */
  readonly newApiKey?: string;
  /** Set only when the owner was created now (ORQUESTA_DEMO_PASSWORD, or a random one): printed once. */
  readonly newOwnerPassword?: string;
  readonly accountIds: string[];
}

/**
 * Seeds the demo tenant: the tenant, a test-mode API key (fixed by ORQUESTA_DEMO_API_KEY when
 * given) and a few accounts. Safe to run on every start.
 */
export async function seedDemoTenant(systemPool: Pool, databaseName: string, fixedApiKey?: string, fixedPassword?: string): Promise<DemoSeed> {
  const tenantId = (await existingDemoTenantId(systemPool)) ?? demoTenantId(databaseName);
  const tenant = await provisionTenant(systemPool, 'Demo Fintech', tenantId);
  const newOwnerPassword = await seedDemoOwner(systemPool, tenantId, fixedPassword);
  let newApiKey: string | undefined;
  if (fixedApiKey) {
    const key = await issueApiKey(systemPool, tenantId, { name: 'Demo key (fixed)', secret: fixedApiKey, role: 'owner' });
    if (key.created) newApiKey = key.secret;
  } else if (tenant.created) {
    newApiKey = (await issueApiKey(systemPool, tenantId, { name: 'Demo key', role: 'owner' })).secret;
  }
  if (tenant.created) {
    for (const account of DEMO_ACCOUNTS) {
      await systemPool.query(
        'INSERT INTO accounts.accounts (id, tenant_id, livemode, type, name, email) VALUES ($1, $2, false, $3, $4, $5)',
        [uuidv7(), tenantId, account.type, account.name, account.email],
      );
    }
  }
  const { rows } = await systemPool.query<{ id: string }>(
    'SELECT id FROM accounts.accounts WHERE tenant_id = $1 AND livemode = false ORDER BY id LIMIT 3',
    [tenantId],
  );
  return { tenantId, newApiKey, newOwnerPassword, accountIds: rows.map((row) => row.id) };
}

// The demo tenant's owner, created once; the password is returned only when it was set now.
async function seedDemoOwner(systemPool: Pool, tenantId: string, fixedPassword?: string): Promise<string | undefined> {
  const existing = await systemPool.query('SELECT 1 FROM accounts.users WHERE email = $1', [DEMO_OWNER_EMAIL]);
  if (existing.rowCount) return undefined;
  const password = fixedPassword && fixedPassword.length >= 12 ? fixedPassword : randomBytes(12).toString('base64url');
  const userId = uuidv7();
  const created = await systemPool.query(
    'INSERT INTO accounts.users (id, email, name, password_hash) VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING',
    [userId, DEMO_OWNER_EMAIL, 'Demo Owner', await hashPassword(password)],
  );
  if (created.rowCount !== 1) return undefined;
  await systemPool.query("INSERT INTO accounts.memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner')", [tenantId, userId]);
  return password;
}

/**
 * Gives the demo accounts test-mode money through the same path as `simulateDeposit`. The
 * idempotency keys are fixed, so a restart deposits nothing more.
 */
export async function seedDemoBalances(dataSource: DataSource, tenantId: string, accountIds: readonly string[]): Promise<void> {
  const balances = createBalanceService({ dataSource, moveMoney: createMoneyPath({ dataSource, ledger: createLedger() }) });
  const request = {
    tenantId,
    livemode: false,
    actor: { type: 'system' as const, id: 'demo-seed', name: 'Demo seed' },
    role: 'owner' as const,
    requestId: randomUUID(),
  };
  for (const [index, accountId] of accountIds.entries()) {
    for (const amount of DEMO_DEPOSITS[index] ?? []) {
      const deposited = await balances.simulateDeposit(request, { accountId, amount, idempotencyKey: `demo-seed-${accountId}-${amount.currency}` });
      if (!deposited.ok) throw new Error(`demo deposit failed: ${JSON.stringify(deposited.error)}`);
    }
  }
}
