import { createHash } from 'node:crypto';
import type { TenantScope } from '@orquesta/db';

/** Why a ledger account exists. Customer balances belong to an account; the rest to the tenant. */
export type AccountCode = 'customer_balance' | 'rail_settlement' | 'fees_revenue' | 'fx' | 'clearing' | 'stream_escrow';

interface AccountFlags {
  readonly debitsMustNotExceedCredits: boolean;
  readonly creditsMustNotExceedDebits: boolean;
}

// A customer (or an escrow) can never give out more than was put in. Rail settlement stands
// for money outside the platform: a deposit debits it, so it runs "negative" by design.
const FLAGS: Record<AccountCode, AccountFlags> = {
  customer_balance: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
  stream_escrow: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
  rail_settlement: { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false },
  fees_revenue: { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false },
  fx: { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false },
  clearing: { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false },
};

export function flagsFor(code: AccountCode): AccountFlags {
  return FLAGS[code];
}

/** Names a ledger account without knowing whether it exists yet. */
export interface LedgerAccountRef {
  /** The customer account id, or the tenant id for system accounts. */
  readonly ownerId: string;
  readonly code: AccountCode;
  readonly currency: string;
  /** Tells apart system accounts of one code, such as one settlement account per rail. */
  readonly qualifier?: string;
}

export function customerBalance(accountId: string, currency: string): LedgerAccountRef {
  return { ownerId: accountId, code: 'customer_balance', currency };
}

export function systemAccount(scope: TenantScope, code: Exclude<AccountCode, 'customer_balance'>, currency: string, qualifier = ''): LedgerAccountRef {
  return { ownerId: scope.tenantId, code, currency, qualifier };
}

/**
 * A ledger account's id follows from what it is (tenant, mode, owner, code, qualifier,
 * currency), so callers lock and create accounts by name without a lookup first, and two
 * racing first uses agree on the row.
 */
export function ledgerAccountId(scope: TenantScope, ref: LedgerAccountRef): string {
  const digest = createHash('sha256')
    .update([scope.tenantId, scope.livemode ? 'live' : 'test', ref.ownerId, ref.code, ref.qualifier ?? '', ref.currency].join('\u0000'))
    .digest();
  // RFC 9562 version 8 (custom) layout.
  digest[6] = (digest[6] & 0x0f) | 0x80;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface LedgerAccount {
  readonly id: string;
  readonly ownerId: string;
  readonly code: AccountCode;
  readonly qualifier: string;
  readonly currency: string;
  readonly debitsMustNotExceedCredits: boolean;
  readonly creditsMustNotExceedDebits: boolean;
  debitsPendingMinor: bigint;
  debitsPostedMinor: bigint;
  creditsPendingMinor: bigint;
  creditsPostedMinor: bigint;
  version: bigint;
  readonly closedAt: Date | null;
}

export interface LedgerAccountRow {
  id: string;
  owner_id: string;
  code: AccountCode;
  qualifier: string;
  currency: string;
  debits_must_not_exceed_credits: boolean;
  credits_must_not_exceed_debits: boolean;
  debits_pending: string;
  debits_posted: string;
  credits_pending: string;
  credits_posted: string;
  version: string;
  closed_at: Date | null;
}

export const LEDGER_ACCOUNT_COLUMNS =
  'id, owner_id, code, qualifier, currency, debits_must_not_exceed_credits, credits_must_not_exceed_debits, ' +
  'debits_pending::text, debits_posted::text, credits_pending::text, credits_posted::text, version::text, closed_at';

export function ledgerAccountFromRow(row: LedgerAccountRow): LedgerAccount {
  return {
    id: row.id,
    ownerId: row.owner_id,
    code: row.code,
    qualifier: row.qualifier,
    currency: row.currency,
    debitsMustNotExceedCredits: row.debits_must_not_exceed_credits,
    creditsMustNotExceedDebits: row.credits_must_not_exceed_debits,
    debitsPendingMinor: BigInt(row.debits_pending),
    debitsPostedMinor: BigInt(row.debits_posted),
    creditsPendingMinor: BigInt(row.credits_pending),
    creditsPostedMinor: BigInt(row.credits_posted),
    version: BigInt(row.version),
    closedAt: row.closed_at,
  };
}

/** What an account holder sees, all in minor units of the account's currency. */
export interface BalanceMinor {
  readonly currency: string;
  /** Spendable now: posted credits less posted debits and less what is on hold. */
  readonly availableMinor: bigint;
  /** On hold for pending outgoing transfers. */
  readonly pendingMinor: bigint;
  /** Available plus pending: the posted balance. */
  readonly totalMinor: bigint;
  /** Pending incoming credits, not yet spendable and not in the total. */
  readonly incomingMinor: bigint;
}

/** Balances are credit-normal: money a customer holds is a credit on their account. */
export function balanceOf(account: Pick<LedgerAccount, 'currency' | 'debitsPendingMinor' | 'debitsPostedMinor' | 'creditsPendingMinor' | 'creditsPostedMinor'>): BalanceMinor {
  const totalMinor = account.creditsPostedMinor - account.debitsPostedMinor;
  return {
    currency: account.currency,
    availableMinor: totalMinor - account.debitsPendingMinor,
    pendingMinor: account.debitsPendingMinor,
    totalMinor,
    incomingMinor: account.creditsPendingMinor,
  };
}

/** TigerBeetle's balance flags, checked on the state after a change. */
export function violatedFlag(account: LedgerAccount): 'debits_must_not_exceed_credits' | 'credits_must_not_exceed_debits' | null {
  if (account.debitsMustNotExceedCredits && account.debitsPendingMinor + account.debitsPostedMinor > account.creditsPostedMinor) {
    return 'debits_must_not_exceed_credits';
  }
  if (account.creditsMustNotExceedDebits && account.creditsPendingMinor + account.creditsPostedMinor > account.debitsPostedMinor) {
    return 'credits_must_not_exceed_debits';
  }
  return null;
}
