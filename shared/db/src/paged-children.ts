import type { DataSource } from 'typeorm';
import { readForTenant } from './tenant-read';
import type { TenantScope } from './tenant-transaction';

export interface PagedChildrenQuery {
  /** A trusted table name, such as "payments.transfers". */
  readonly table: string;
  /** A trusted condition tying a row `t` to its parent `p.parent_id`. */
  readonly belongsToParent: string;
  readonly parentIds: readonly string[];
  readonly limit: number;
  readonly afterId?: string;
}

/**
 * One page of children for each of many parents, in one statement: a LATERAL subquery per
 * parent id, newest first, `limit` rows each. Rows come back raw with `parent_id` added.
 * This is what keeps `accounts { transfers(first: 10) }` at one query however many accounts.
 */
export async function loadChildPages<Row extends { parent_id: string }>(
  dataSource: DataSource,
  scope: TenantScope,
  query: PagedChildrenQuery,
): Promise<Row[]> {
  return readForTenant<Row>(
    dataSource,
    scope,
    `SELECT t.*, p.parent_id FROM unnest($1::uuid[]) AS p(parent_id)
       CROSS JOIN LATERAL (
         SELECT * FROM ${query.table} t
          WHERE t.tenant_id = $2 AND t.livemode = $3 AND ${query.belongsToParent}
            AND ($4::uuid IS NULL OR t.id < $4::uuid)
          ORDER BY t.id DESC LIMIT $5
       ) t`,
    [query.parentIds, scope.tenantId, scope.livemode, query.afterId ?? null, query.limit],
  );
}
