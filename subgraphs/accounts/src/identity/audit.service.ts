import type { DataSource } from 'typeorm';
import { tenantScope, type RequestContext } from '@orquesta/context';
import { readForTenant } from '@orquesta/db';
import { badInput, checkPermission, ok, PAGE_SIZE_MAX, type Connection, type Result } from '@orquesta/graphql';

export interface AuditEntryView {
  readonly id: string;
  readonly actorType: string;
  readonly actorId: string;
  readonly actorName: string | null;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
  readonly requestId: string | null;
  readonly createdAt: Date;
}

export interface SecurityEventView {
  readonly id: string;
  readonly type: string;
  readonly severity: string;
  readonly userId: string | null;
  readonly apiKeyId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly details: Record<string, unknown>;
  readonly createdAt: Date;
}

export interface RecordPage {
  readonly first?: number | null;
  readonly after?: string | null;
}

// Both records are append-only with increasing ids: the cursor is the id, newest first.
function recordPage(page: RecordPage): Result<{ limit: number; before: string | null }> {
  const limit = page.first ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_SIZE_MAX) return badInput('first', `must be between 1 and ${PAGE_SIZE_MAX}`);
  if (page.after != null && !/^[1-9][0-9]{0,17}$/.test(page.after)) return badInput('after', 'is not a cursor from this list');
  return ok({ limit, before: page.after ?? null });
}

function toConnection<T extends { id: string }>(rows: T[], limit: number): Connection<T> {
  const nodes = rows.slice(0, limit);
  return {
    edges: nodes.map((node) => ({ cursor: node.id, node })),
    nodes,
    pageInfo: { hasNextPage: rows.length > limit, hasPreviousPage: false, startCursor: nodes[0]?.id ?? null, endCursor: nodes.at(-1)?.id ?? null },
  };
}

/** The audit log and the security events, for admins and owners. */
export function createAuditService({ dataSource }: { dataSource: DataSource }) {
  return {
    async auditLog(request: RequestContext, page: RecordPage, filter: { entityType?: string | null; entityId?: string | null; actorId?: string | null }): Promise<Result<Connection<AuditEntryView>>> {
      const allowed = checkPermission(request, 'audit:read');
      if (!allowed.ok) return allowed;
      const paging = recordPage(page);
      if (!paging.ok) return paging;
      const rows = await readForTenant<AuditEntryView>(
        dataSource,
        tenantScope(request),
        `SELECT id::text, actor_type AS "actorType", actor_id AS "actorId", actor_name AS "actorName", action,
                entity_type AS "entityType", entity_id AS "entityId", before, after, request_id AS "requestId", created_at AS "createdAt"
           FROM accounts.audit_log
          WHERE tenant_id = $1 AND (livemode IS NULL OR livemode = $2)
            AND ($3::bigint IS NULL OR id < $3::bigint)
            AND ($4::text IS NULL OR entity_type = $4) AND ($5::text IS NULL OR entity_id = $5) AND ($6::text IS NULL OR actor_id = $6)
          ORDER BY id DESC LIMIT $7`,
        [request.tenantId, request.livemode, paging.value.before, filter.entityType ?? null, filter.entityId ?? null, filter.actorId ?? null, paging.value.limit + 1],
      );
      return ok(toConnection(rows, paging.value.limit));
    },

    async securityEvents(request: RequestContext, page: RecordPage, filter: { type?: string | null }): Promise<Result<Connection<SecurityEventView>>> {
      const allowed = checkPermission(request, 'audit:read');
      if (!allowed.ok) return allowed;
      const paging = recordPage(page);
      if (!paging.ok) return paging;
      const rows = await readForTenant<SecurityEventView>(
        dataSource,
        tenantScope(request),
        `SELECT id::text, type, severity, user_id AS "userId", api_key_id AS "apiKeyId", ip, user_agent AS "userAgent", details, created_at AS "createdAt"
           FROM accounts.security_events
          WHERE tenant_id = $1 AND (livemode IS NULL OR livemode = $5)
            AND ($2::bigint IS NULL OR id < $2::bigint) AND ($3::text IS NULL OR type = $3)
          ORDER BY id DESC LIMIT $4`,
        [request.tenantId, paging.value.before, filter.type ?? null, paging.value.limit + 1, request.livemode],
      );
      return ok(toConnection(rows, paging.value.limit));
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
