import { DisputeStatus } from './dispute.type';

/**
 * Where a dispute may go, and what each move does with the held money. This file is the only
 * place that decides a dispute's status.
 *
 *   open          held on the payee; evidence due by dueBy    → under_review | escalated | accepted
 *   under_review  evidence submitted                           → escalated | won | lost | accepted
 *   escalated     past due, or sent up                         → won | lost | accepted
 *   won           the hold is released to the payee; final     → (none)
 *   lost          the hold is posted to the payer; final       → (none)
 *   accepted      the payee gave in: posted to the payer; final → (none)
 */
const NEXT: Record<DisputeStatus, readonly DisputeStatus[]> = {
  [DisputeStatus.OPEN]: [DisputeStatus.UNDER_REVIEW, DisputeStatus.ESCALATED, DisputeStatus.ACCEPTED, DisputeStatus.WON, DisputeStatus.LOST],
  [DisputeStatus.UNDER_REVIEW]: [DisputeStatus.ESCALATED, DisputeStatus.WON, DisputeStatus.LOST, DisputeStatus.ACCEPTED],
  [DisputeStatus.ESCALATED]: [DisputeStatus.WON, DisputeStatus.LOST, DisputeStatus.ACCEPTED],
  [DisputeStatus.WON]: [],
  [DisputeStatus.LOST]: [],
  [DisputeStatus.ACCEPTED]: [],
};

const EVENT_TYPE: Record<DisputeStatus, string> = {
  [DisputeStatus.OPEN]: 'dispute.created',
  [DisputeStatus.UNDER_REVIEW]: 'dispute.evidence_submitted',
  [DisputeStatus.ESCALATED]: 'dispute.escalated',
  [DisputeStatus.WON]: 'dispute.resolved',
  [DisputeStatus.LOST]: 'dispute.resolved',
  [DisputeStatus.ACCEPTED]: 'dispute.resolved',
};

/** What a move does with the hold: nothing, release it to the payee, or post it to the payer. */
export function holdAction(to: DisputeStatus): 'keep' | 'void' | 'post' {
  if (to === DisputeStatus.WON) return 'void';
  if (to === DisputeStatus.LOST || to === DisputeStatus.ACCEPTED) return 'post';
  return 'keep';
}

export function canMoveDispute(from: DisputeStatus, to: DisputeStatus): boolean {
  return NEXT[from].includes(to);
}

export function disputeEventType(status: DisputeStatus): string {
  return EVENT_TYPE[status];
}

/** Statuses whose amount no longer belongs to the payee (held, or given back). */
export const COMMITTED_DISPUTE_STATUSES: readonly DisputeStatus[] = [
  DisputeStatus.OPEN,
  DisputeStatus.UNDER_REVIEW,
  DisputeStatus.ESCALATED,
  DisputeStatus.LOST,
  DisputeStatus.ACCEPTED,
];
