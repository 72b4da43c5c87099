import { TransferStatus } from '../transfers/transfer.type';

/** Where settlement stands, finer than the transfer's status (which stays `processing` while it is in flight). */
export type PayoutStage = 'queued' | 'sending' | 'sent' | 'settled' | 'failed' | 'cancelled' | 'manual';

/** A payout is created queued, with its transfer `processing`. */
export const INITIAL_STAGE: PayoutStage = 'queued';

/**
 * Where a payout may go from each stage. This file is the only place that decides a stage
 * change; `movePayout` (payout.record.ts) writes what it allows, and nothing else writes the
 * stage column.
 *
 *   queued     waiting for a rail (first time, after a fall-over, after a manual retry)
 *                                                      → sending | manual (no rail left) | cancelled (by the sender)
 *   sending    the rail is being asked (same reference on every retry)
 *                                                      → sent (accepted) | queued (refused: next rail)
 *   sent       at the rail, waiting for its final answer
 *                                                      → settled | queued (failed at the rail: next rail)
 *                                                      | sending (the rail does not know it: ask again)
 *   manual     every rail refused it; funds still held  → queued (retry on a chosen rail) | failed (refund)
 *   settled    paid out and posted; final              → (none)
 *   failed     refunded; final                         → (none)
 *   cancelled  voided before any rail saw it; final    → (none)
 *
 * Events: a payout announces itself through its transfer. Entering a stage whose transfer
 * status differs from the transfer's current one moves the transfer through its own
 * lifecycle, which records the event (`transfer.completed`, `transfer.failed`,
 * `transfer.cancelled`, `transfer.requires_manual_intervention`, `transfer.processing` on a
 * manual retry, which also restarts settlement). `sending` and `sent` are internal: no event.
 */
const NEXT: Record<PayoutStage, readonly PayoutStage[]> = {
  queued: ['sending', 'manual', 'cancelled'],
  sending: ['sent', 'queued'],
  sent: ['settled', 'queued', 'sending'],
  manual: ['queued', 'failed'],
  settled: [],
  failed: [],
  cancelled: [],
};

/** The transfer status each stage stands for. */
const TRANSFER_STATUS: Record<PayoutStage, TransferStatus> = {
  queued: TransferStatus.PROCESSING,
  sending: TransferStatus.PROCESSING,
  sent: TransferStatus.PROCESSING,
  manual: TransferStatus.REQUIRES_MANUAL_INTERVENTION,
  settled: TransferStatus.COMPLETED,
  failed: TransferStatus.FAILED,
  cancelled: TransferStatus.CANCELLED,
};

/** Stages in which the payout is at (or being handed to) a rail: money in flight there. */
export const IN_FLIGHT_STAGES: readonly PayoutStage[] = ['sending', 'sent'];
/** Stages settlement still has work in: what the sweep picks up when nothing moves them. */
export const UNFINISHED_STAGES: readonly PayoutStage[] = ['queued', 'sending', 'sent'];

export function canMoveStage(from: PayoutStage, to: PayoutStage): boolean {
  return NEXT[from].includes(to);
}

/**
 * Checks a stage change; throws on one the lifecycle forbids. Returns the transfer status the
 * new stage stands for when the transfer must move with it, else null.
 */
export function stageMove(from: PayoutStage, to: PayoutStage, transferStatus: TransferStatus): TransferStatus | null {
  if (!canMoveStage(from, to)) throw new Error(`payout lifecycle: ${from} cannot become ${to}`);
  const status = TRANSFER_STATUS[to];
  return status === transferStatus ? null : status;
}
