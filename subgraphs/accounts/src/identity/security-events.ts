import type { Pool, PoolClient } from 'pg';
import type { RequestContext } from '@orquesta/context';
import { REGISTER_EVENT_WRITER, scopeStatement, type TenantScope } from '@orquesta/db';

export type SecuritySeverity = 'info' | 'warning' | 'critical';

/** Everything the security events table records; `details` never holds a secret. */
export interface SecurityEvent {
  readonly type: string;
  readonly severity: SecuritySeverity;
  readonly tenantId?: string | null;
  /** Set for events about one mode's credentials (keys, agent tokens); null for people and sessions. */
  readonly livemode?: boolean | null;
  readonly userId?: string | null;
  readonly apiKeyId?: string | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly details?: Record<string, unknown>;
}

type Queryable = { query(sql: string, params: unknown[]): Promise<unknown> };

export async function recordSecurityEvent(db: Queryable, event: SecurityEvent): Promise<void> {
  await db.query(
    `INSERT INTO accounts.security_events (tenant_id, type, severity, user_id, api_key_id, ip, user_agent, details, livemode)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      event.tenantId ?? null,
      event.type,
      event.severity,
      event.userId ?? null,
      event.apiKeyId ?? null,
      event.ip ?? null,
      event.userAgent?.slice(0, 512) ?? null,
      JSON.stringify(event.details ?? {}),
      event.livemode ?? null,
    ],
  );
}

/** Where a request came from, for security events. */
export function origin(request: Pick<RequestContext, 'ip' | 'userAgent'>): { ip: string | null; userAgent: string | null } {
  return { ip: request.ip ?? null, userAgent: request.userAgent ?? null };
}

/**
 * A transaction on the system role (before a tenant is known: signup, login, refresh). When
 * `scope` is given the audit trigger records its actor, as it does for tenant transactions.
 */
export async function systemTransaction<T>(pool: Pool, scope: TenantScope | undefined, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    // It may record events (session.revoked, member.role_changed): registered before its first write.
    await client.query(`BEGIN; ${scope ? scopeStatement(scope, { writer: true }) : `SELECT ${REGISTER_EVENT_WRITER}`}`);
    const value = await work(client);
    await client.query('COMMIT');
    return value;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
