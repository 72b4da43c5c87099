import type { DataSource } from 'typeorm';
import { isUuid, tenantScope, type RequestContext } from '@orquesta/context';
import { readForTenant, SqlWhere } from '@orquesta/db';
import { ok, toConnection, type Connection, type PageRequest, type Result } from '@orquesta/graphql';
import { toMoney } from '@orquesta/money';
import type { ApprovalState } from './approval.lifecycle';
import { APPROVAL_COLUMNS, type ApprovalRow } from './approval.record';

export type ApprovalService = ReturnType<typeof createApprovalService>;

/** The GraphQL view of an approval row (agent and transfer as references). */
export function approvalFromRow(row: ApprovalRow) {
  return {
    id: row.id,
    agentId: row.agent_id,
    transfer: { id: row.transfer_id },
    action: row.action,
    amount: toMoney(BigInt(row.amount_minor), row.currency),
    status: row.status,
    reasoning: row.reasoning,
    decisionReason: row.decision_reason,
    decidedBy: row.decided_by ? { type: row.decided_by.type, id: row.decided_by.id, name: row.decided_by.name ?? null } : null,
    expiresAt: row.expires_at,
    decidedAt: row.decided_at,
    createdAt: row.created_at,
  };
}

export function createApprovalService({ dataSource }: { dataSource: DataSource }) {
  return {
    /** Newest first; an agent token sees only its own requests. */
    async list(request: RequestContext, page: PageRequest, filter: { status?: ApprovalState | null; agentId?: string | null }): Promise<Result<Connection<ApprovalRow>>> {
      if (filter.agentId && !isUuid(filter.agentId)) return ok(toConnection([], page));
      const scope = tenantScope(request);
      const where = new SqlWhere([scope.tenantId, scope.livemode, page.limit + 1], ['tenant_id = $1', 'livemode = $2']);
      if (page.afterId) where.and((p) => `id < ${p}`, page.afterId);
      if (filter.status) where.and((p) => `status = ${p}`, filter.status);
      if (filter.agentId) where.and((p) => `agent_id = ${p}`, filter.agentId);
      if (request.actor.type === 'agent') where.and((p) => `agent_id = ${p}`, request.actor.id);
      const rows = await readForTenant<ApprovalRow>(dataSource, scope, `SELECT ${APPROVAL_COLUMNS} FROM agents.approvals WHERE ${where.sql} ORDER BY id DESC LIMIT $3`, where.params);
      return ok(toConnection(rows, page));
    },

    async getMany(request: RequestContext, ids: readonly string[]): Promise<ApprovalRow[]> {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      const scope = tenantScope(request);
      return readForTenant<ApprovalRow>(dataSource, scope, `SELECT ${APPROVAL_COLUMNS} FROM agents.approvals WHERE tenant_id = $1 AND livemode = $2 AND id = ANY($3::uuid[])`, [
        scope.tenantId, scope.livemode, valid,
      ]);
    },
  };
}
