import type { EntityManager } from 'typeorm';
import type { TenantScope } from '@orquesta/db';

/**
 * For other modules, inside their transaction: the verification tier of each of the tenant's
 * accounts among `ids` (another tenant's or an unknown id is simply absent). Agents cap their
 * limits by it.
 */
export async function accountVerificationTiers(manager: EntityManager, scope: TenantScope, ids: readonly string[]): Promise<Map<string, number>> {
  const rows: Array<{ id: string; verification_tier: number }> = await manager.query(
    'SELECT id, verification_tier FROM accounts.accounts WHERE tenant_id = $1 AND livemode = $2 AND id = ANY($3::uuid[])',
    [scope.tenantId, scope.livemode, ids],
  );
  return new Map(rows.map((row) => [row.id, Number(row.verification_tier)]));
}
