import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { inlineParameters, scopeStatement } from './tenant-read';

/** The tenant scope a unit of work runs in. */
export interface TenantScope {
  readonly tenantId: string;
  readonly livemode: boolean;
  /** Who acts: recorded by the audit trigger on every row it changes. */
  readonly actor?: { readonly type: string; readonly id: string; readonly name?: string };
  readonly requestId?: string;
}

// serialization_failure and deadlock_detected: safe to run the whole transaction again.
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS_MAX = 5;

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } }).code ??
    (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/** A read that rides along with the transaction's first message (see `withTenant`). */
export interface TenantPrelude {
  /** Trusted SQL text with $1…$n; values are inlined as literals (`sqlLiteral`). */
  readonly sql: string;
  readonly params?: readonly unknown[];
}

interface PgClient {
  query(text: string): Promise<unknown>;
}

/**
 * Runs `work` in one transaction scoped to a tenant: `app.tenant_id` and `app.livemode` are set
 * transaction-locally, so row-level security hides every other tenant's rows even if a query
 * forgets its filter. Deadlocks and serialization failures are retried here, never surfaced.
 *
 * Every such transaction may write events, so it registers as an event writer in its first
 * statement, before it has a transaction id (see `REGISTER_EVENT_WRITER`).
 *
 * BEGIN, the scope and an optional first read (`prelude`, whose rows `work` receives) leave
 * as one simple-protocol message: one round trip where TypeORM's own transaction takes two
 * before the first read. The transaction is on a TypeORM query runner, so `work` uses the
 * manager as usual.
 */
export async function withTenant<T>(
  dataSource: DataSource,
  scope: TenantScope,
  work: (manager: EntityManager, preludeRows: unknown[]) => Promise<T>,
  prelude?: TenantPrelude,
): Promise<T> {
  const opening = `BEGIN; ${scopeStatement(scope, { writer: true })}` + (prelude ? `;\n${inlineParameters(prelude.sql, prelude.params ?? [])}` : '');
  for (let attempt = 1; ; attempt += 1) {
    const runner = dataSource.createQueryRunner();
    const state = runner as unknown as { isTransactionActive: boolean };
    let client: PgClient | undefined;
    try {
      client = (await runner.connect()) as PgClient;
      if (prelude) dataSource.logger.logQuery(prelude.sql);
      const results = (await client.query(opening)) as Array<{ rows: unknown[] }>;
      // TypeORM must see a transaction, or a repository call could try to open its own.
      state.isTransactionActive = true;
      const value = await work(runner.manager, prelude ? results[2].rows : []);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      if (client) await client.query('ROLLBACK').catch(() => undefined);
      if (attempt >= ATTEMPTS_MAX || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    } finally {
      state.isTransactionActive = false;
      await runner.release();
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

/**
 * Attaches the audit trigger (created by the accounts migration) to a table: every insert,
 * update and delete lands in `accounts.audit_log` with the acting user, key or agent and the
 * row before and after. `hidden` columns (hashes, sealed secrets) are left out of both.
 */
export function auditTriggerStatements(table: string, hidden: readonly string[] = []): string[] {
  const name = `audit_${table.replace('.', '_')}`;
  const columns = hidden.map((column) => `'${column.replace(/[^a-z_]/g, '')}'`).join(', ');
  return [
    `CREATE TRIGGER ${name} AFTER INSERT OR UPDATE OR DELETE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION accounts.record_audit(${columns})`,
  ];
}

/** A migration that attaches the audit trigger to a subgraph's own tables (after they exist). */
export function auditTriggersMigration(name: string, tables: ReadonlyArray<readonly [table: string, hidden: readonly string[]]>): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(runner: QueryRunner): Promise<void> {
      for (const [table, hidden] of tables) {
        for (const statement of auditTriggerStatements(table, hidden)) await runner.query(statement);
      }
    }

    async down(runner: QueryRunner): Promise<void> {
      for (const [table] of tables) await runner.query(`DROP TRIGGER audit_${table.replace('.', '_')} ON ${table}`);
    }
  };
}
