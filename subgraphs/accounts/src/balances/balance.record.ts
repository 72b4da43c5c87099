import type { BalanceMinor } from '@orquesta/ledger';
import { formatAmount, toMoney } from '@orquesta/money';
import type { EntryRow } from './balance.service';
import type { Balance, EntryDirection, EntryPhase, LedgerEntry } from './balance.type';

export function toBalance(balance: BalanceMinor): Balance {
  return {
    currency: balance.currency,
    available: formatAmount(balance.availableMinor, balance.currency),
    pending: formatAmount(balance.pendingMinor, balance.currency),
    total: formatAmount(balance.totalMinor, balance.currency),
    incoming: formatAmount(balance.incomingMinor, balance.currency),
  };
}

export function toLedgerEntry(row: EntryRow): LedgerEntry {
  return {
    id: row.id,
    ledgerTransferId: row.transfer_id,
    direction: row.direction as EntryDirection,
    phase: row.phase as EntryPhase,
    amount: toMoney(BigInt(row.amount_minor), row.currency),
    balanceAfter: toMoney(BigInt(row.balance_after_minor), row.currency),
    reason: row.code,
    reference: row.reference,
    createdAt: row.created_at,
  };
}

