import { Pool } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { readForTenant, type TenantScope } from '@orquesta/db';
import {
  LEDGER_ACCOUNT_COLUMNS,
  ledgerAccountFromRow,
  ledgerAccountId,
  type AccountCode,
  type LedgerAccount,
  type LedgerAccountRef,
  type LedgerAccountRow,
} from './ledger-account';

/**
 * What other modules read from the ledger, as functions: nobody else names its tables. Each
 * read takes a data source or pool (one round trip under the tenant's scope, see
 * `readForTenant`) or the caller's transaction (the caller already scoped it).
 */
export type LedgerReadSource = DataSource | Pool | EntityManager;

async function read<Row>(source: LedgerReadSource, scope: TenantScope, sql: string, params: readonly unknown[]): Promise<Row[]> {
  if (source instanceof DataSource || source instanceof Pool) return readForTenant<Row>(source, scope, sql, params);
  return source.query(sql, params as unknown[]);
}

/** One journal entry of an account, with the code and reference of its transfer. */
export interface LedgerEntryRow {
  id: string;
  transfer_id: string;
  direction: 'debit' | 'credit';
  phase: 'pending' | 'posted' | 'released';
  amount_minor: string;
  currency: string;
  balance_after_minor: string;
  created_at: Date;
  code: string;
  reference: string | null;
}

export interface EntryPage {
  readonly limit: number;
  readonly afterId?: string | null;
}

/** Posted balance at both ends of [from, to) and what moved in between. */
export interface StatementTotals {
  readonly openingMinor: bigint;
  readonly closingMinor: bigint;
  readonly creditsMinor: bigint;
  readonly debitsMinor: bigint;
  readonly entryCount: number;
}

/** A posting to a system account, as reconciliation compares it with a rail's statement. */
export interface SystemPosting {
  /** The credited account's qualifier (a rail's code, for settlement accounts). */
  readonly qualifier: string;
  readonly reference: string;
  readonly amountMinor: bigint;
  readonly currency: string;
}

const ENTRY_COLUMNS =
  'e.id, e.transfer_id, e.direction, e.phase, e.amount_minor::text AS amount_minor, e.currency, e.balance_after_minor::text AS balance_after_minor, ' +
  'e.created_at, t.code, t.reference';

/** The customer balances of many accounts (owners), one per currency they hold, by currency. */
export async function customerBalances(source: LedgerReadSource, scope: TenantScope, ownerIds: readonly string[]): Promise<LedgerAccount[]> {
  if (ownerIds.length === 0) return [];
  const rows = await read<LedgerAccountRow>(
    source,
    scope,
    `SELECT ${LEDGER_ACCOUNT_COLUMNS} FROM ledger.accounts
      WHERE tenant_id = $1 AND livemode = $2 AND code = 'customer_balance' AND owner_id = ANY($3::uuid[]) ORDER BY currency`,
    [scope.tenantId, scope.livemode, ownerIds],
  );
  return rows.map(ledgerAccountFromRow);
}

/** One ledger account as it is now (the caller's transaction sees its own writes); null before its first movement. */
export async function readLedgerAccount(source: LedgerReadSource, scope: TenantScope, ref: LedgerAccountRef): Promise<LedgerAccount | null> {
  const [row] = await read<LedgerAccountRow>(source, scope, `SELECT ${LEDGER_ACCOUNT_COLUMNS} FROM ledger.accounts WHERE id = $1 AND tenant_id = $2 AND livemode = $3`, [
    ledgerAccountId(scope, ref),
    scope.tenantId,
    scope.livemode,
  ]);
  return row ? ledgerAccountFromRow(row) : null;
}

/** The tenant's system accounts of one code with one of these qualifiers (every currency). */
export async function systemAccountsOf(
  source: LedgerReadSource,
  scope: TenantScope,
  code: Exclude<AccountCode, 'customer_balance'>,
  qualifiers: readonly string[],
): Promise<LedgerAccount[]> {
  const rows = await read<LedgerAccountRow>(
    source,
    scope,
    `SELECT ${LEDGER_ACCOUNT_COLUMNS} FROM ledger.accounts WHERE tenant_id = $1 AND livemode = $2 AND code = $3 AND qualifier = ANY($4::text[]) ORDER BY currency, qualifier`,
    [scope.tenantId, scope.livemode, code, qualifiers],
  );
  return rows.map(ledgerAccountFromRow);
}

/** One page of entries (newest first) of each owner's customer balances, optionally one currency, in one statement. */
export async function customerEntryPages(
  source: LedgerReadSource,
  scope: TenantScope,
  ownerIds: readonly string[],
  page: EntryPage,
  currency: string | null,
): Promise<Array<LedgerEntryRow & { parent_id: string }>> {
  if (ownerIds.length === 0) return [];
  return read<LedgerEntryRow & { parent_id: string }>(
    source,
    scope,
    `SELECT x.*, p.parent_id FROM unnest($1::uuid[]) AS p (parent_id)
       CROSS JOIN LATERAL (
         SELECT ${ENTRY_COLUMNS} FROM ledger.entries e JOIN ledger.transfers t ON t.id = e.transfer_id AND t.tenant_id = $2
          WHERE e.tenant_id = $2 AND e.account_id IN (SELECT a.id FROM ledger.accounts a
                                  WHERE a.tenant_id = $2 AND a.livemode = $3 AND a.owner_id = p.parent_id AND a.code = 'customer_balance'
                                    AND ($6::text IS NULL OR a.currency = $6))
            AND ($4::uuid IS NULL OR e.id < $4::uuid)
          ORDER BY e.id DESC LIMIT $5) x`,
    [ownerIds, scope.tenantId, scope.livemode, page.afterId ?? null, page.limit, currency],
  );
}

/** Entries of one ledger account inside [from, to), newest first. */
export async function accountEntries(source: LedgerReadSource, scope: TenantScope, ledgerAccount: string, from: Date, to: Date, page: EntryPage): Promise<LedgerEntryRow[]> {
  return read<LedgerEntryRow>(
    source,
    scope,
    `SELECT ${ENTRY_COLUMNS} FROM ledger.entries e JOIN ledger.transfers t ON t.id = e.transfer_id
      WHERE e.account_id = $1 AND e.tenant_id = $6 AND e.livemode = $7 AND e.created_at >= $2 AND e.created_at < $3
        AND ($4::uuid IS NULL OR e.id < $4::uuid)
      ORDER BY e.id DESC LIMIT $5`,
    [ledgerAccount, from, to, page.afterId ?? null, page.limit, scope.tenantId, scope.livemode],
  );
}

/** Opening and closing posted balances of one ledger account, and what was posted in between. */
export async function accountStatement(source: LedgerReadSource, scope: TenantScope, ledgerAccount: string, from: Date, to: Date): Promise<StatementTotals> {
  const [row] = await read<{ opening: string | null; closing: string | null; credits: string; debits: string; entries: number }>(
    source,
    scope,
    `SELECT
       (SELECT balance_after_minor::text FROM ledger.entries WHERE account_id = $1 AND tenant_id = $4 AND livemode = $5 AND created_at < $2 ORDER BY created_at DESC, account_version DESC LIMIT 1) AS opening,
       (SELECT balance_after_minor::text FROM ledger.entries WHERE account_id = $1 AND tenant_id = $4 AND livemode = $5 AND created_at < $3 ORDER BY created_at DESC, account_version DESC LIMIT 1) AS closing,
       coalesce(sum(amount_minor) FILTER (WHERE direction = 'credit' AND phase = 'posted'), 0)::text AS credits,
       coalesce(sum(amount_minor) FILTER (WHERE direction = 'debit' AND phase = 'posted'), 0)::text AS debits,
       count(*)::int AS entries
     FROM ledger.entries WHERE account_id = $1 AND tenant_id = $4 AND livemode = $5 AND created_at >= $2 AND created_at < $3`,
    [ledgerAccount, from, to, scope.tenantId, scope.livemode],
  );
  return {
    openingMinor: BigInt(row.opening ?? '0'),
    closingMinor: BigInt(row.closing ?? '0'),
    creditsMinor: BigInt(row.credits),
    debitsMinor: BigInt(row.debits),
    entryCount: row.entries,
  };
}

/** Every transfer of `transferCode` crediting a system account of `accountCode`, at most `limit`. */
export async function systemPostings(
  source: LedgerReadSource,
  scope: TenantScope,
  filter: { readonly transferCode: string; readonly accountCode: Exclude<AccountCode, 'customer_balance'>; readonly limit: number },
): Promise<SystemPosting[]> {
  const rows = await read<{ qualifier: string; reference: string; amount_minor: string; currency: string }>(
    source,
    scope,
    `SELECT a.qualifier, t.reference, t.amount_minor::text AS amount_minor, t.currency FROM ledger.transfers t
       JOIN ledger.accounts a ON a.id = t.credit_account_id
      WHERE t.tenant_id = $1 AND t.livemode = $2 AND t.code = $3 AND a.code = $4 AND t.reference IS NOT NULL
      ORDER BY t.reference LIMIT $5`,
    [scope.tenantId, scope.livemode, filter.transferCode, filter.accountCode, filter.limit],
  );
  return rows.map((row) => ({ qualifier: row.qualifier, reference: row.reference, amountMinor: BigInt(row.amount_minor), currency: row.currency }));
}
