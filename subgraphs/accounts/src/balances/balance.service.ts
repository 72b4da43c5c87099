import type { DataSource } from 'typeorm';
import type { RequestContext } from '@orquesta/context';
import { isUuid, tenantScope } from '@orquesta/context';
import { readForTenant, uuidv7 } from '@orquesta/db';
import { badInput, fail, notFound, ok, type PageRequest, type Result } from '@orquesta/graphql';
import {
  balanceOf,
  checkIdempotencyKey,
  checkPositiveAmount,
  customerBalance,
  fingerprint,
  LEDGER_ACCOUNT_COLUMNS,
  ledgerAccountFromRow,
  ledgerAccountId,
  systemAccount,
  withTenantResult,
  type BalanceMinor,
  type Ledger,
  type LedgerAccountRow,
} from '@orquesta/ledger';
import { findCurrency } from '@orquesta/money';

export interface EntryRow {
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

export interface StatementFigures {
  readonly ledgerAccountId: string;
  readonly currency: string;
  readonly from: Date;
  readonly to: Date;
  readonly openingMinor: bigint;
  readonly closingMinor: bigint;
  readonly creditsMinor: bigint;
  readonly debitsMinor: bigint;
  readonly entryCount: number;
}

export interface NewDeposit {
  readonly accountId: string;
  readonly amount: { readonly amount: string; readonly currency: string };
  readonly idempotencyKey: string;
}

const ENTRY_COLUMNS =
  'e.id, e.transfer_id, e.direction, e.phase, e.amount_minor::text AS amount_minor, e.currency, e.balance_after_minor::text AS balance_after_minor, ' +
  'e.created_at, t.code, t.reference';
// A statement longer than this is a report, not a statement.
const STATEMENT_DAYS_MAX = 366;

export type BalanceService = ReturnType<typeof createBalanceService>;

export function createBalanceService({ dataSource, ledger }: { dataSource: DataSource; ledger: Ledger }) {
  return {
    /** Every customer balance of many accounts, in one statement; accounts without money get none. */
    async balancesOf(request: RequestContext, accountIds: readonly string[]): Promise<Map<string, BalanceMinor[]>> {
      const valid = accountIds.filter(isUuid);
      const byOwner = new Map<string, BalanceMinor[]>(valid.map((id) => [id, []]));
      if (valid.length === 0) return byOwner;
      const scope = tenantScope(request);
      const rows = await readForTenant<LedgerAccountRow>(
        dataSource,
        scope,
        `SELECT ${LEDGER_ACCOUNT_COLUMNS} FROM ledger.accounts
          WHERE tenant_id = $1 AND livemode = $2 AND code = 'customer_balance' AND owner_id = ANY($3::uuid[]) ORDER BY currency`,
        [scope.tenantId, scope.livemode, valid],
      );
      for (const row of rows) byOwner.get(row.owner_id)?.push(balanceOf(ledgerAccountFromRow(row)));
      return byOwner;
    },

    /** One page of ledger entries per account (newest first, optionally one currency), in one statement. */
    async entryPages(request: RequestContext, accountIds: readonly string[], page: PageRequest, currency: string | null): Promise<Array<EntryRow & { parent_id: string }>> {
      const valid = accountIds.filter(isUuid);
      if (valid.length === 0) return [];
      const scope = tenantScope(request);
      return readForTenant<EntryRow & { parent_id: string }>(
        dataSource,
        scope,
        `SELECT x.*, p.parent_id FROM unnest($1::uuid[]) AS p (parent_id)
           CROSS JOIN LATERAL (
             SELECT ${ENTRY_COLUMNS} FROM ledger.entries e JOIN ledger.transfers t ON t.id = e.transfer_id AND t.tenant_id = $2
              WHERE e.tenant_id = $2 AND e.account_id IN (SELECT a.id FROM ledger.accounts a
                                      WHERE a.tenant_id = $2 AND a.livemode = $3 AND a.owner_id = p.parent_id AND a.code = 'customer_balance'
                                        AND ($6::text IS NULL OR a.currency = $6))
                AND ($4::uuid IS NULL OR e.id < $4::uuid)
              ORDER BY e.id DESC LIMIT $5) x`,
        [valid, scope.tenantId, scope.livemode, page.afterId ?? null, page.limit + 1, currency],
      );
    },

    /** Entries of one ledger account inside [from, to), newest first. */
    async statementEntries(request: RequestContext, figures: Pick<StatementFigures, 'ledgerAccountId' | 'from' | 'to'>, page: PageRequest): Promise<EntryRow[]> {
      const scope = tenantScope(request);
      return readForTenant<EntryRow>(
        dataSource,
        scope,
        `SELECT ${ENTRY_COLUMNS} FROM ledger.entries e JOIN ledger.transfers t ON t.id = e.transfer_id
          WHERE e.account_id = $1 AND e.tenant_id = $6 AND e.livemode = $7 AND e.created_at >= $2 AND e.created_at < $3
            AND ($4::uuid IS NULL OR e.id < $4::uuid)
          ORDER BY e.id DESC LIMIT $5`,
        [figures.ledgerAccountId, figures.from, figures.to, page.afterId ?? null, page.limit + 1, scope.tenantId, scope.livemode],
      );
    },

    /** Opening and closing posted balances of one currency, and what moved in between (the caller has found the account). */
    async statement(request: RequestContext, accountId: string, currency: string, from: Date, to: Date): Promise<Result<StatementFigures>> {
      if (!findCurrency(currency)) return badInput('currency', `unknown currency "${currency.slice(0, 12)}"`);
      if (!(from < to)) return badInput('to', 'must be after from');
      if (to.getTime() - from.getTime() > STATEMENT_DAYS_MAX * 86_400_000) return badInput('to', `a statement covers at most ${STATEMENT_DAYS_MAX} days`);
      const scope = tenantScope(request);
      const id = ledgerAccountId(scope, customerBalance(accountId, currency));
      const [row] = await readForTenant<{ opening: string | null; closing: string | null; credits: string; debits: string; entries: number }>(
        dataSource,
        scope,
        `SELECT
           (SELECT balance_after_minor::text FROM ledger.entries WHERE account_id = $1 AND tenant_id = $4 AND livemode = $5 AND created_at < $2 ORDER BY created_at DESC, account_version DESC LIMIT 1) AS opening,
           (SELECT balance_after_minor::text FROM ledger.entries WHERE account_id = $1 AND tenant_id = $4 AND livemode = $5 AND created_at < $3 ORDER BY created_at DESC, account_version DESC LIMIT 1) AS closing,
           coalesce(sum(amount_minor) FILTER (WHERE direction = 'credit' AND phase = 'posted'), 0)::text AS credits,
           coalesce(sum(amount_minor) FILTER (WHERE direction = 'debit' AND phase = 'posted'), 0)::text AS debits,
           count(*)::int AS entries
         FROM ledger.entries WHERE account_id = $1 AND tenant_id = $4 AND livemode = $5 AND created_at >= $2 AND created_at < $3`,
        [id, from, to, scope.tenantId, scope.livemode],
      );
      return ok({
        ledgerAccountId: id,
        currency,
        from,
        to,
        openingMinor: BigInt(row.opening ?? '0'),
        closingMinor: BigInt(row.closing ?? '0'),
        creditsMinor: BigInt(row.credits),
        debitsMinor: BigInt(row.debits),
        entryCount: row.entries,
      });
    },

    /**
     * Test mode only: money arrives as a real deposit would, debiting the rail settlement
     * account (money outside the platform) and crediting the customer.
     */
    async simulateDeposit(request: RequestContext, input: NewDeposit): Promise<Result<BalanceMinor>> {
      if (request.livemode) return fail({ code: 'FORBIDDEN', permission: 'simulateDeposit (test mode only)' });
      if (!isUuid(input.accountId)) return badInput('input.accountId', 'is not a valid id');
      const amount = checkPositiveAmount('input.amount', input.amount);
      if (!amount.ok) return amount;
      const key = checkIdempotencyKey('input.idempotencyKey', input.idempotencyKey);
      if (!key.ok) return key;
      const scope = tenantScope(request);
      const { amountMinor, currency } = amount.value;
      const depositId = uuidv7();
      const claim = {
        key: key.value,
        operation: 'simulateDeposit',
        fingerprint: fingerprint({ accountId: input.accountId, amountMinor, currency }),
        resourceId: depositId,
      };
      const owner = { sql: 'SELECT 1 FROM accounts.accounts WHERE tenant_id = $1 AND livemode = $2 AND id = $3', params: [scope.tenantId, scope.livemode, input.accountId] };
      return withTenantResult(dataSource, scope, async (manager, found): Promise<Result<BalanceMinor>> => {
        if (found.length === 0) return notFound('Account', input.accountId);
        const credit = customerBalance(input.accountId, currency);
        const moved = await ledger.execute(
          manager,
          scope,
          [{ kind: 'transfer', debit: systemAccount(scope, 'rail_settlement', currency, 'simulator'), credit, amountMinor, code: 'deposit', reference: depositId }],
          { actor: request.actor, idempotency: claim },
        );
        if (!moved.ok) return moved;
        if (!moved.value.replayed) return ok(balanceOf(moved.value.accounts.find((account) => account.code === 'customer_balance')!));
        const [row]: LedgerAccountRow[] = await manager.query(`SELECT ${LEDGER_ACCOUNT_COLUMNS} FROM ledger.accounts WHERE id = $1`, [
          ledgerAccountId(scope, credit),
        ]);
        return ok(balanceOf(ledgerAccountFromRow(row)));
      }, owner);
    },
  };
}
