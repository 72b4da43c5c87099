import type { DataSource, EntityManager } from 'typeorm';

/** The tenant scope a unit of work runs in. */
export interface TenantScope {
  readonly tenantId: string;
  readonly livemode: boolean;
}

// serialization_failure and deadlock_detected: safe to run the whole transaction again.
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS_MAX = 5;

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } }).code ??
    (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * Runs `work` in one transaction scoped to a tenant: `app.tenant_id` and `app.livemode` are set
 * transaction-locally, so row-level security hides every other tenant's rows even if a query
 * forgets its filter. Deadlocks and serialization failures are retried here, never surfaced.
 */
export async function withTenant<T>(
  dataSource: DataSource,
  scope: TenantScope,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await dataSource.transaction(async (manager) => {
        await manager.query(
          "SELECT set_config('app.tenant_id', $1, true), set_config('app.livemode', $2, true)",
          [scope.tenantId, scope.livemode ? 'true' : 'false'],
        );
        return work(manager);
      });
    } catch (error) {
      if (attempt >= ATTEMPTS_MAX || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/**
 * Row-level security for a tenant-owned table: enabled and forced (so the table owner is
 * bound too), keyed on the transaction-local settings that `withTenant` writes.
 */
export function tenantRlsStatements(table: string): string[] {
  const predicate =
    "tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid " +
    "AND livemode = NULLIF(current_setting('app.livemode', true), '')::boolean";
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY tenant_isolation ON ${table} USING (${predicate}) WITH CHECK (${predicate})`,
  ];
}


/**
 * Serializes writers of the same entities, and does it before the transaction has an id.
 *
 * The outbox orders events by transaction id, and PostgreSQL hands out ids at a transaction's
 * first write (a row lock counts), not at commit. Two writers queued on one row lock can wake
 * in either order, so the later version could carry the smaller id. An advisory lock takes no
 * id: whoever holds it gets its id after the previous holder committed, so for one entity,
 * transaction ids, versions and outbox order agree. Locks are taken in sorted order (no
 * deadlock between writers of several entities) and released at commit.
 */
export async function lockEntities(manager: EntityManager, entityIds: readonly string[]): Promise<void> {
  const sorted = [...new Set(entityIds)].sort();
  for (const id of sorted) await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7304))', [id]);
}

/**
 * Runs a hot statement as a named prepared statement on the transaction's connection: parsed
 * and planned once per connection instead of on every call. For the few statements that run
 * on every money movement; everything else goes through `manager.query`.
 */
export async function queryPrepared<T>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner as unknown as { connect(): Promise<{ query(config: object): Promise<{ rows: T[] }> }> } | undefined;
  if (!runner) return manager.query(text, values);
  // Counted like any other statement, so statement-count tests stay honest.
  manager.connection.logger.logQuery(text, values, manager.queryRunner);
  const client = await runner.connect();
  return (await client.query({ name, text, values })).rows;
}
