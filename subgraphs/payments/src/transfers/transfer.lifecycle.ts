import { TransferStatus } from './transfer.type';

/**
 * Where a transfer may go from each status. This file is the only place that decides a
 * status change; the service writes what it returns.
 *
 *   pending     created, money not yet moved (or held)      → processing | completed | failed | cancelled
 *   processing  handed to a rail, awaiting its answer       → completed | failed
 *   completed   money moved; final                          → (none)
 *   failed      money did not move (or went back); final    → (none)
 *   cancelled   stopped before it was sent; final           → (none)
 */
const NEXT: Record<TransferStatus, readonly TransferStatus[]> = {
  [TransferStatus.PENDING]: [TransferStatus.PROCESSING, TransferStatus.COMPLETED, TransferStatus.FAILED, TransferStatus.CANCELLED],
  [TransferStatus.PROCESSING]: [TransferStatus.COMPLETED, TransferStatus.FAILED],
  [TransferStatus.COMPLETED]: [],
  [TransferStatus.FAILED]: [],
  [TransferStatus.CANCELLED]: [],
};

// The outbox event each status announces.
const EVENT_TYPE: Record<TransferStatus, string> = {
  [TransferStatus.PENDING]: 'transfer.created',
  [TransferStatus.PROCESSING]: 'transfer.processing',
  [TransferStatus.COMPLETED]: 'transfer.completed',
  [TransferStatus.FAILED]: 'transfer.failed',
  [TransferStatus.CANCELLED]: 'transfer.cancelled',
};

export function canMove(from: TransferStatus, to: TransferStatus): boolean {
  return NEXT[from].includes(to);
}

/**
 * The events of a transfer created and moved through `path` in one transaction: always
 * `transfer.created`, then one event per status reached.
 */
export function eventTypesFor(path: readonly TransferStatus[]): string[] {
  const types = [EVENT_TYPE[TransferStatus.PENDING]];
  let current = TransferStatus.PENDING;
  for (const next of path) {
    if (!canMove(current, next)) throw new Error(`transfer lifecycle: ${current} cannot become ${next}`);
    types.push(EVENT_TYPE[next]);
    current = next;
  }
  return types;
}
