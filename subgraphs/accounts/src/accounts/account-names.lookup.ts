import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { readForTenant, type TenantScope } from '@orquesta/db';

/** Ids read at once, at most: callers batch (an export asks once per page of rows). */
const NAMES_BATCH_MAX = 5_000;

/**
 * What other modules may read of accounts for display (exports, statements): the names of the
 * tenant's accounts among `accountIds`. Another tenant's account is simply absent.
 */
export async function accountNames(source: DataSource | Pool, scope: TenantScope, accountIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(accountIds)];
  if (ids.length > NAMES_BATCH_MAX) throw new Error(`accountNames: ${ids.length} ids, at most ${NAMES_BATCH_MAX} at once`);
  if (ids.length === 0) return new Map();
  const rows = await readForTenant<{ id: string; name: string }>(
    source,
    scope,
    'SELECT id, name FROM accounts.accounts WHERE tenant_id = $1 AND livemode = $2 AND id = ANY($3::uuid[])',
    [scope.tenantId, scope.livemode, ids],
  );
  return new Map(rows.map((row) => [row.id, row.name]));
}
