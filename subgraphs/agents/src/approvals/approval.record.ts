import type { EntityManager } from 'typeorm';
import type { Actor } from '@orquesta/context';
import type { TenantScope } from '@orquesta/db';
import { recordEvent, type AlongsideStatement, type NewEvent } from '@orquesta/events';
import { fail, notFound, ok, type Result } from '@orquesta/graphql';
import { APPROVAL_EVENT, canMoveApproval, type ApprovalDecision, type ApprovalState } from './approval.lifecycle';

export interface ApprovalRow {
  id: string;
  tenant_id: string;
  livemode: boolean;
  agent_id: string;
  transfer_id: string;
  action: string;
  amount_minor: string;
  currency: string;
  status: ApprovalState;
  reasoning: string | null;
  decision_reason: string | null;
  decided_by: Actor | null;
  expires_at: Date;
  decided_at: Date | null;
  version: number;
  created_at: Date;
}

export const APPROVAL_COLUMNS =
  'id, tenant_id, livemode, agent_id, transfer_id, action, amount_minor::text, currency, status, reasoning, decision_reason, decided_by, expires_at, decided_at, version, created_at';

export interface NewApproval {
  readonly id: string;
  readonly agentId: string;
  readonly transferId: string;
  readonly action: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly reasoning: string | null;
  readonly expiresAt: Date;
}

function approvalPayload(row: Pick<ApprovalRow, 'id' | 'agent_id' | 'transfer_id' | 'status' | 'amount_minor' | 'currency'>) {
  return { approvalId: row.id, agentId: row.agent_id, transferId: row.transfer_id, status: row.status, amountMinor: row.amount_minor, currency: row.currency };
}

/** The approval request and its `approval.requested` event, to write with the held movement. */
export function approvalWrites(scope: TenantScope, actor: Actor, approval: NewApproval): { writes: AlongsideStatement[]; events: NewEvent[] } {
  return {
    writes: [{
      // Short: the money path joins statement names into one prepared-statement name (63 bytes at most).
      name: 'approval',
      sql: `INSERT INTO agents.approvals (id, tenant_id, livemode, agent_id, transfer_id, action, amount_minor, currency, reasoning, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      params: [approval.id, scope.tenantId, scope.livemode, approval.agentId, approval.transferId, approval.action, approval.amountMinor.toString(),
        approval.currency, approval.reasoning?.slice(0, 2000) ?? null, approval.expiresAt],
    }],
    events: [{
      type: APPROVAL_EVENT.pending,
      entityType: 'Approval',
      entityId: approval.id,
      entityVersion: 1,
      payload: approvalPayload({ id: approval.id, agent_id: approval.agentId, transfer_id: approval.transferId, status: 'pending', amount_minor: approval.amountMinor.toString(), currency: approval.currency }),
      actor,
    }],
  };
}

/**
 * Decides a pending approval, in the caller's transaction (the one that completes or
 * releases the movement). The row is locked first: of two concurrent clicks, the second
 * waits, then finds it decided and gets CONFLICT, so the movement runs exactly once.
 * An agent never decides its own request; an expired one can only expire.
 */
export async function decideApproval(
  manager: EntityManager,
  scope: TenantScope,
  actor: Actor,
  id: string,
  decision: ApprovalDecision,
  reason: string | null = null,
  now: Date = new Date(),
): Promise<Result<ApprovalRow>> {
  const [locked] = (await manager.query(
    `SELECT ${APPROVAL_COLUMNS} FROM agents.approvals WHERE id = $1 AND tenant_id = $2 AND livemode = $3 FOR UPDATE`,
    [id, scope.tenantId, scope.livemode],
  )) as ApprovalRow[];
  if (!locked) return notFound('Approval', id);
  if (actor.type === 'agent' && actor.id === locked.agent_id) return fail({ code: 'FORBIDDEN', permission: 'agent:own_approval' });
  if (!canMoveApproval(locked.status, decision)) return fail({ code: 'CONFLICT', message: `the approval is already ${locked.status}` });
  if (decision !== 'expired' && locked.expires_at.getTime() <= now.getTime()) return fail({ code: 'CONFLICT', message: 'the approval has expired' });
  const [rows] = (await manager.query(
    `UPDATE agents.approvals SET status = $4, decision_reason = $5, decided_by = $6, decided_at = $7, version = version + 1
      WHERE id = $1 AND tenant_id = $2 AND livemode = $3 RETURNING ${APPROVAL_COLUMNS}`,
    [id, scope.tenantId, scope.livemode, decision, reason, JSON.stringify(actor), now],
  )) as [ApprovalRow[], number];
  const decided = rows[0];
  await recordEvent(manager, scope, {
    type: APPROVAL_EVENT[decision],
    entityType: 'Approval',
    entityId: decided.id,
    entityVersion: decided.version,
    payload: { ...approvalPayload(decided), reason },
    actor,
  });
  return ok(decided);
}

/** Pending approvals past their expiry, every tenant's (for the expiry sweep, run as the system role). */
export async function dueApprovals(query: (sql: string, params: unknown[]) => Promise<{ rows: unknown[] }>, now: Date, limit = 100): Promise<Array<{ id: string; tenant_id: string; livemode: boolean }>> {
  const { rows } = await query(
    `SELECT id, tenant_id, livemode FROM agents.approvals WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT $2`,
    [now, limit],
  );
  return rows as Array<{ id: string; tenant_id: string; livemode: boolean }>;
}
