import type { DataSource } from 'typeorm';
import { entityColumns, readForTenant } from './tenant-read';
import type { TenantScope } from './tenant-transaction';

/** A WHERE clause built one condition at a time, with numbered parameters. */
export class SqlWhere {
  constructor(
    readonly params: unknown[] = [],
    private readonly conditions: string[] = [],
  ) {}

  /** Adds `condition`, which receives the placeholder (`$n`) bound to `value`. */
  and(condition: (placeholder: string) => string, value: unknown): this {
    this.params.push(value);
    this.conditions.push(condition(`$${this.params.length}`));
    return this;
  }

  get sql(): string {
    return this.conditions.join(' AND ');
  }
}

export interface NewestFirstPage {
  readonly limit: number;
  readonly afterId?: string;
}

/**
 * One page of a tenant table, newest first (ids are UUIDv7), `limit + 1` rows so the caller
 * can tell whether more follow; `refine` adds the listing's own filters.
 */
export function readNewestFirst<Row>(
  dataSource: DataSource,
  scope: TenantScope,
  // eslint-disable-next-line @typescript-eslint/ban-types
  source: { readonly table: string; readonly entity: Function },
  page: NewestFirstPage,
  refine: (where: SqlWhere) => void = () => undefined,
): Promise<Row[]> {
  const where = new SqlWhere([scope.tenantId, scope.livemode, page.limit + 1], ['tenant_id = $1', 'livemode = $2']);
  if (page.afterId) where.and((p) => `id < ${p}`, page.afterId);
  refine(where);
  return readForTenant<Row>(
    dataSource,
    scope,
    `SELECT ${entityColumns(dataSource, source.entity)} FROM ${source.table} WHERE ${where.sql} ORDER BY id DESC LIMIT $3`,
    where.params,
  );
}
