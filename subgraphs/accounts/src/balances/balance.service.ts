import type { DataSource } from 'typeorm';
import type { RequestContext } from '@orquesta/context';
import { isUuid, tenantScope } from '@orquesta/context';
import { badInput, fail, notFound, ok, type PageRequest, type Result } from '@orquesta/graphql';
import {
  accountEntries,
  accountStatement,
  balanceOf,
  checkPositiveAmount,
  customerBalance,
  customerBalances,
  customerEntryPages,
  ledgerAccountId,
  readLedgerAccount,
  systemAccount,
  type BalanceMinor,
  type LedgerEntryRow,
  type MoneyPath,
} from '@orquesta/ledger';
import { findCurrency } from '@orquesta/money';
import { foundAccounts, tenantAccountsPrelude } from '../accounts/account.lookup';

export type EntryRow = LedgerEntryRow;

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

// A statement longer than this is a report, not a statement.
const STATEMENT_DAYS_MAX = 366;

export type BalanceService = ReturnType<typeof createBalanceService>;

export function createBalanceService({ dataSource, moveMoney }: { dataSource: DataSource; moveMoney: MoneyPath }) {
  return {
    /** Every customer balance of many accounts, in one statement; accounts without money get none. */
    async balancesOf(request: RequestContext, accountIds: readonly string[]): Promise<Map<string, BalanceMinor[]>> {
      const valid = accountIds.filter(isUuid);
      const byOwner = new Map<string, BalanceMinor[]>(valid.map((id) => [id, []]));
      for (const account of await customerBalances(dataSource, tenantScope(request), valid)) byOwner.get(account.ownerId)?.push(balanceOf(account));
      return byOwner;
    },

    /** One page of ledger entries per account (newest first, optionally one currency), in one statement. */
    async entryPages(request: RequestContext, accountIds: readonly string[], page: PageRequest, currency: string | null): Promise<Array<EntryRow & { parent_id: string }>> {
      return customerEntryPages(dataSource, tenantScope(request), accountIds.filter(isUuid), { afterId: page.afterId, limit: page.limit + 1 }, currency);
    },

    /** Entries of one ledger account inside [from, to), newest first. */
    async statementEntries(request: RequestContext, figures: Pick<StatementFigures, 'ledgerAccountId' | 'from' | 'to'>, page: PageRequest): Promise<EntryRow[]> {
      return accountEntries(dataSource, tenantScope(request), figures.ledgerAccountId, figures.from, figures.to, { afterId: page.afterId, limit: page.limit + 1 });
    },

    /** Opening and closing posted balances of one currency, and what moved in between (the caller has found the account). */
    async statement(request: RequestContext, accountId: string, currency: string, from: Date, to: Date): Promise<Result<StatementFigures>> {
      if (!findCurrency(currency)) return badInput('currency', `unknown currency "${currency.slice(0, 12)}"`);
      if (!(from < to)) return badInput('to', 'must be after from');
      if (to.getTime() - from.getTime() > STATEMENT_DAYS_MAX * 86_400_000) return badInput('to', `a statement covers at most ${STATEMENT_DAYS_MAX} days`);
      const scope = tenantScope(request);
      const id = ledgerAccountId(scope, customerBalance(accountId, currency));
      return ok({ ledgerAccountId: id, currency, from, to, ...(await accountStatement(dataSource, scope, id, from, to)) });
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
      const scope = tenantScope(request);
      const { amountMinor, currency } = amount.value;
      const credit = customerBalance(input.accountId, currency);
      return moveMoney<BalanceMinor>({
        scope,
        actor: request.actor,
        operation: 'simulateDeposit',
        idempotencyKey: input.idempotencyKey,
        parameters: { accountId: input.accountId, amountMinor, currency },
        prelude: tenantAccountsPrelude(scope, [input.accountId]),
        plan: (_tx, { resourceId, preludeRows }) => {
          if (!foundAccounts(preludeRows).has(input.accountId)) return notFound('Account', input.accountId);
          return ok({
            operations: [{ kind: 'transfer', debit: systemAccount(scope, 'rail_settlement', currency, 'simulator'), credit, amountMinor, code: 'deposit', reference: resourceId }],
            within: (_within, moved) => ok(balanceOf(moved.accounts.find((account) => account.code === 'customer_balance')!)),
          });
        },
        // A retry: the balance as it is now.
        replay: async () => {
          const account = await readLedgerAccount(dataSource, scope, credit);
          return account ? ok(balanceOf(account)) : notFound('Account', input.accountId);
        },
      });
    },
  };
}
