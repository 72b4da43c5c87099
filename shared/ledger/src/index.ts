export {
  balanceOf,
  customerBalance,
  ledgerAccountFromRow,
  ledgerAccountId,
  systemAccount,
  LEDGER_ACCOUNT_COLUMNS,
  type AccountCode,
  type BalanceMinor,
  type LedgerAccount,
  type LedgerAccountRef,
  type LedgerAccountRow,
} from './ledger-account';
export {
  createLedger,
  type ExecuteOptions,
  type IdempotencyClaim,
  type Ledger,
  type LedgerOperation,
  type LedgerOutcome,
  type LedgerTransfer,
  type PendingState,
  type TransferKind,
} from './ledger';
export {
  accountEntries,
  accountStatement,
  customerBalances,
  customerEntryPages,
  readLedgerAccount,
  systemAccountsOf,
  systemPostings,
  type EntryPage,
  type LedgerEntryRow,
  type LedgerReadSource,
  type StatementTotals,
  type SystemPosting,
} from './ledger-reads';
export { createMoneyPath, type FingerprintParameters, type MoneyMovement, type MoneyMutation, type MoneyPath, type MoneyPlanContext } from './money-mutation';
export { checkPositiveAmount, type PositiveAmount } from './money-input';
export { checkIdempotencyKey, fingerprint, withTenantResult, IDEMPOTENCY_KEY_LENGTH_MAX } from './idempotency';
export {
  forgetExpiredIdempotencyKeys,
  releaseExpiredHolds,
  startLedgerMaintenanceWorker,
  IDEMPOTENCY_KEY_RETENTION_DAYS,
  type LedgerMaintenanceDeps,
} from './ledger-maintenance.job';

import { CreateLedger1732300000006 } from './migrations/1732300000006-create-ledger';

/** The ledger owns its schema; every subgraph writes it inside its own transactions. */
export const LEDGER_SCHEMA = 'ledger';
export const ledgerMigrations = [CreateLedger1732300000006];
