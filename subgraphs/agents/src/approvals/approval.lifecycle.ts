/**
 * Where an approval may go. This file alone decides a status change.
 *
 *   pending    an agent's movement above its threshold waits, money held, usage reserved
 *                                                   → approved | rejected | expired
 *   approved   an owner or admin let it go; the movement completes (final)
 *   rejected   an owner or admin refused it; the hold is voided, the usage released (final)
 *   expired    nobody decided in time (tenant setting, 24 h by default); as rejected (final)
 */
export type ApprovalState = 'pending' | 'approved' | 'rejected' | 'expired';
export type ApprovalDecision = Exclude<ApprovalState, 'pending'>;

const NEXT: Record<ApprovalState, readonly ApprovalState[]> = {
  pending: ['approved', 'rejected', 'expired'],
  approved: [],
  rejected: [],
  expired: [],
};

export function canMoveApproval(from: ApprovalState, to: ApprovalState): boolean {
  return NEXT[from].includes(to);
}

/** The event announcing each status. */
export const APPROVAL_EVENT: Record<ApprovalState, string> = {
  pending: 'approval.requested',
  approved: 'approval.approved',
  rejected: 'approval.rejected',
  expired: 'approval.expired',
};
