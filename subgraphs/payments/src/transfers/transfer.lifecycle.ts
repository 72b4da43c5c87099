import { TransferStatus } from './transfer.type';

/**
 * Where a transfer may go from each status. This file is the only place that decides a
 * status change; the services write what it returns.
 *
 *   pending      created, money not yet moved (or held)        → pending_approval | processing | completed | failed | cancelled
 *   pending_approval
 *                an agent's action above its approval threshold; money held, usage reserved
 *                                                               → completed (internal, approved) | processing (payout, approved)
 *                                                               | cancelled (rejected or expired: hold voided, usage released)
 *   processing   funds held; a payout being routed and sent    → completed | failed | cancelled (before it was sent)
 *                                                               | requires_manual_intervention (every rail failed)
 *   requires_manual_intervention
 *                funds still held; an admin resolves it        → processing (retry on a chosen rail) | failed (refund)
 *   completed    money moved; final                            → (none)
 *   failed       money did not move (or went back); final      → (none)
 *   cancelled    stopped before it was sent; final             → (none)
 */
const NEXT: Record<TransferStatus, readonly TransferStatus[]> = {
  [TransferStatus.PENDING]: [TransferStatus.PENDING_APPROVAL, TransferStatus.PROCESSING, TransferStatus.COMPLETED, TransferStatus.FAILED, TransferStatus.CANCELLED],
  [TransferStatus.PENDING_APPROVAL]: [TransferStatus.COMPLETED, TransferStatus.PROCESSING, TransferStatus.CANCELLED],
  [TransferStatus.PROCESSING]: [TransferStatus.COMPLETED, TransferStatus.FAILED, TransferStatus.CANCELLED, TransferStatus.REQUIRES_MANUAL_INTERVENTION],
  [TransferStatus.REQUIRES_MANUAL_INTERVENTION]: [TransferStatus.PROCESSING, TransferStatus.FAILED],
  [TransferStatus.COMPLETED]: [],
  [TransferStatus.FAILED]: [],
  [TransferStatus.CANCELLED]: [],
};

// The outbox event each status announces.
const EVENT_TYPE: Record<TransferStatus, string> = {
  [TransferStatus.PENDING]: 'transfer.created',
  [TransferStatus.PENDING_APPROVAL]: 'transfer.pending_approval',
  [TransferStatus.PROCESSING]: 'transfer.processing',
  [TransferStatus.REQUIRES_MANUAL_INTERVENTION]: 'transfer.requires_manual_intervention',
  [TransferStatus.COMPLETED]: 'transfer.completed',
  [TransferStatus.FAILED]: 'transfer.failed',
  [TransferStatus.CANCELLED]: 'transfer.cancelled',
};

export function canMove(from: TransferStatus, to: TransferStatus): boolean {
  return NEXT[from].includes(to);
}

/** The event announcing a move from one status to another; throws on a move the lifecycle forbids. */
export function eventTypeForMove(from: TransferStatus, to: TransferStatus): string {
  if (!canMove(from, to)) throw new Error(`transfer lifecycle: ${from} cannot become ${to}`);
  return EVENT_TYPE[to];
}

/**
 * The events of a transfer created and moved through `path` in one transaction: always
 * `transfer.created`, then one event per status reached.
 */
export function eventTypesFor(path: readonly TransferStatus[]): string[] {
  const types = [EVENT_TYPE[TransferStatus.PENDING]];
  let current = TransferStatus.PENDING;
  for (const next of path) {
    types.push(eventTypeForMove(current, next));
    current = next;
  }
  return types;
}
