import type { EntityManager } from 'typeorm';
import type { TenantScope } from '@orquesta/db';
import { TRANSFER_COLUMNS, type TransferRow } from './transfer.record';

import { COMMITTED_DISPUTE_STATUSES } from '../disputes/dispute.lifecycle';
import { LIVE_REFUND_STATUSES } from '../refunds/refund.lifecycle';

export interface LockedTransfer {
  readonly transfer: TransferRow;
  /** Live refunds (pending, succeeded). */
  readonly refundedMinor: bigint;
  /** Disputes holding money or lost/accepted. */
  readonly disputedMinor: bigint;
}

/**
 * The transfer, locked (`FOR UPDATE`), and what of it is already being given back: refunds and
 * disputes of one transfer queue on this lock, so together they never exceed it.
 */
export async function lockTransferReturns(tx: EntityManager, scope: TenantScope, transferId: string): Promise<LockedTransfer | null> {
  const [transfer] = (await tx.query(`SELECT ${TRANSFER_COLUMNS} FROM payments.transfers WHERE tenant_id = $1 AND livemode = $2 AND id = $3 FOR UPDATE`, [
    scope.tenantId,
    scope.livemode,
    transferId,
  ])) as TransferRow[];
  if (!transfer) return null;
  // A statement of its own after the lock: a fresh snapshot that sees every return committed before we got it.
  const [sums] = (await tx.query(
    `SELECT (SELECT coalesce(sum(amount_minor), 0) FROM payments.refunds WHERE transfer_id = $1 AND status = ANY($2::text[]))::text AS refunded,
            (SELECT coalesce(sum(amount_minor), 0) FROM payments.disputes WHERE transfer_id = $1 AND status = ANY($3::text[]))::text AS disputed`,
    [transferId, LIVE_REFUND_STATUSES, COMMITTED_DISPUTE_STATUSES],
  )) as Array<{ refunded: string; disputed: string }>;
  return { transfer, refundedMinor: BigInt(sums.refunded), disputedMinor: BigInt(sums.disputed) };
}
