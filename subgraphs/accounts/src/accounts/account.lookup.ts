import type { EntityManager } from 'typeorm';
import type { TenantPrelude, TenantScope } from '@orquesta/db';

/**
 * What other modules may ask about accounts, in their own transaction: whether ids are the
 * tenant's accounts in this mode. Row-level security scopes these reads too; another tenant's
 * account is simply absent.
 */

/** The read as a transaction prelude: it rides with BEGIN, one round trip fewer on the money path. */
export function tenantAccountsPrelude(scope: TenantScope, accountIds: readonly string[]): TenantPrelude {
  return {
    sql: 'SELECT id FROM accounts.accounts WHERE tenant_id = $1 AND livemode = $2 AND id = ANY($3::uuid[])',
    params: [scope.tenantId, scope.livemode, [...accountIds]],
  };
}

/** The ids the prelude found. */
export function foundAccounts(preludeRows: readonly unknown[]): Set<string> {
  return new Set((preludeRows as ReadonlyArray<{ id: string }>).map((row) => row.id));
}

/**
 * Which of the ids are the tenant's accounts. `lockKeys` takes a key-share lock on them, so
 * no account found here changes owner or mode or goes away before the caller commits (a
 * child row, such as an agent, is safe to hang on it).
 */
export async function tenantAccounts(tx: EntityManager, scope: TenantScope, accountIds: readonly string[], options: { lockKeys?: boolean } = {}): Promise<Set<string>> {
  const rows: Array<{ id: string }> = await tx.query(
    `SELECT id FROM accounts.accounts WHERE tenant_id = $1 AND livemode = $2 AND id = ANY($3::uuid[])${options.lockKeys ? ' FOR KEY SHARE' : ''}`,
    [scope.tenantId, scope.livemode, [...accountIds]],
  );
  return new Set(rows.map((row) => row.id));
}
