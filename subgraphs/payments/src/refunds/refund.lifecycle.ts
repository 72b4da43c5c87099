import { RefundStatus } from './refund.type';

/**
 * Where a refund may go. This file is the only place that decides a refund's status.
 *
 *   pending     money on its way back (a return from a rail)   → succeeded | failed
 *   succeeded   money back with the payer; final               → (none)
 *   failed      nothing moved (or it came back); final         → (none)
 */
const NEXT: Record<RefundStatus, readonly RefundStatus[]> = {
  [RefundStatus.PENDING]: [RefundStatus.SUCCEEDED, RefundStatus.FAILED],
  [RefundStatus.SUCCEEDED]: [],
  [RefundStatus.FAILED]: [],
};

const EVENT_TYPE: Record<RefundStatus, string> = {
  [RefundStatus.PENDING]: 'refund.created',
  [RefundStatus.SUCCEEDED]: 'refund.succeeded',
  [RefundStatus.FAILED]: 'refund.failed',
};

export function canMoveRefund(from: RefundStatus, to: RefundStatus): boolean {
  return NEXT[from].includes(to);
}

/** The events of a refund created and moved through `path` in one transaction: `refund.created`, then one per status reached. */
export function refundEventTypesFor(path: readonly RefundStatus[]): string[] {
  const types = [EVENT_TYPE[RefundStatus.PENDING]];
  let current = RefundStatus.PENDING;
  for (const next of path) {
    if (!canMoveRefund(current, next)) throw new Error(`refund lifecycle: ${current} cannot become ${next}`);
    types.push(EVENT_TYPE[next]);
    current = next;
  }
  return types;
}

/** Statuses whose amount counts against what remains refundable. */
export const LIVE_REFUND_STATUSES: readonly RefundStatus[] = [RefundStatus.PENDING, RefundStatus.SUCCEEDED];
