import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { decideApproval, dueApprovals, recordAgentActivity, releaseAgentUsage, type ApprovalDecision, type ApprovalRow } from '@orquesta/agents';
import { isUuid, type Actor } from '@orquesta/context';
import { lockEntities, type TenantScope } from '@orquesta/db';
import { fail, notFound, ok, type Result } from '@orquesta/graphql';
import { withTenantResult, type Ledger } from '@orquesta/ledger';
import { formatAmount } from '@orquesta/money';
import { lockPayout, movePayout, moveTransfer } from '../payouts/payout.record';
import { TRANSFER_COLUMNS, type TransferRow } from '../transfers/transfer.record';
import { TransferStatus } from '../transfers/transfer.type';

export type ApprovalDecisionService = ReturnType<typeof createApprovalDecisionService>;

export const APPROVAL_EXPIRY_ACTOR: Actor = { type: 'system', id: 'approval-expiry', name: 'Approval expiry' };

/**
 * Carries out a human's decision on an agent's held action, in one transaction with the
 * approval's own state change (approval row locked first, so concurrent clicks run it once):
 * approved, an internal transfer's hold is posted (completed) or a payout goes to settlement
 * (processing); rejected or expired, the hold is voided, the usage released and the transfer
 * cancelled.
 */
export function createApprovalDecisionService({ dataSource, ledger }: { dataSource: DataSource; ledger: Ledger }) {
  async function lockHeldTransfer(manager: EntityManager, scope: TenantScope, transferId: string): Promise<(TransferRow & { hold_id: string | null }) | null> {
    await lockEntities(manager, [transferId]);
    const rows: Array<TransferRow & { hold_id: string | null }> = await manager.query(
      `SELECT ${TRANSFER_COLUMNS}, hold_id FROM payments.transfers WHERE tenant_id = $1 AND livemode = $2 AND id = $3 FOR UPDATE`,
      [scope.tenantId, scope.livemode, transferId],
    );
    return rows[0] ?? null;
  }

  async function carryOut(manager: EntityManager, scope: TenantScope, actor: Actor, approval: ApprovalRow): Promise<Result<TransferRow>> {
    const transfer = await lockHeldTransfer(manager, scope, approval.transfer_id);
    if (!transfer || transfer.status !== TransferStatus.PENDING_APPROVAL) return fail({ code: 'CONFLICT', message: 'the held transfer is no longer waiting for approval' });
    const payout = transfer.type === 'payout' ? await lockPayout(manager, scope, transfer.id) : null;
    const holdId = payout ? payout.payout.hold_id : transfer.hold_id;
    if (!holdId) throw new Error(`approval ${approval.id}: transfer ${transfer.id} has no hold`);
    if (approval.status === 'approved') {
      // A payout keeps its hold until settlement posts it; queued, its `transfer.processing` starts settlement.
      if (payout) return ok(await movePayout(manager, scope, payout, 'queued', { actor }));
      const posted = await ledger.execute(manager, scope, [{ kind: 'post', pendingId: holdId, reference: transfer.id }], { actor });
      if (!posted.ok) return posted;
      return ok(await moveTransfer(manager, scope, transfer, TransferStatus.COMPLETED, actor));
    }
    const voided = await ledger.execute(manager, scope, [{ kind: 'void', pendingId: holdId, reference: transfer.id }], { actor });
    if (!voided.ok) return voided;
    await releaseAgentUsage(manager, scope, transfer.id);
    const why = (approval.status === 'expired' ? 'the approval expired' : `rejected${approval.decision_reason ? `: ${approval.decision_reason}` : ''}`).slice(0, 500);
    if (payout) return ok(await movePayout(manager, scope, payout, 'cancelled', { actor, failureReason: why }));
    return ok(await moveTransfer(manager, scope, transfer, TransferStatus.CANCELLED, actor, why));
  }

  async function decide(scope: TenantScope, actor: Actor, approvalId: string, decision: ApprovalDecision, reason: string | null): Promise<Result<ApprovalRow>> {
    if (!isUuid(approvalId)) return notFound('Approval', approvalId);
    return withTenantResult(dataSource, { ...scope, actor }, async (manager) => {
      const decided = await decideApproval(manager, scope, actor, approvalId, decision, reason);
      if (!decided.ok) return decided;
      const done = await carryOut(manager, scope, actor, decided.value);
      if (!done.ok) return done;
      const approval = decided.value;
      const by = actor.name ?? actor.type;
      await recordAgentActivity(manager, scope, actor, {
        agentId: approval.agent_id,
        action: approval.action,
        outcome: decision === 'approved' ? 'done' : 'refused',
        amountMinor: BigInt(approval.amount_minor),
        currency: approval.currency,
        counterparty: done.value.to_account_id,
        reasoning: null,
        explanation:
          decision === 'approved'
            ? `Approved by ${by}: ${formatAmount(BigInt(approval.amount_minor), approval.currency)} ${approval.currency} released.`
            : decision === 'expired'
              ? 'Nobody approved it in time: the approval expired, the hold was released.'
              : `Rejected by ${by}${reason ? `: ${reason}` : ''}. The hold was released.`,
        limitCheck: null,
        transferId: approval.transfer_id,
      });
      return ok(approval);
    });
  }

  return {
    decide,

    /** Expires every pending approval past its time, each in its own transaction; how many expired. */
    async expireDue(systemPool: Pool, now: Date = new Date()): Promise<number> {
      let expired = 0;
      for (const due of await dueApprovals((sql, params) => systemPool.query(sql, params), now)) {
        const result = await decide({ tenantId: due.tenant_id, livemode: due.livemode }, APPROVAL_EXPIRY_ACTOR, due.id, 'expired', null);
        if (result.ok) expired += 1;
      }
      return expired;
    },
  };
}
