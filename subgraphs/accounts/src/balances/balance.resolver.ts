import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badInput, notFound, PageArgs, pageRequest, toConnection, unwrap, requirePermission } from '@orquesta/graphql';
import type { AccountsContext } from '../accounts.context';
import { Account } from '../accounts/account.type';
import { findCurrency, formatAmount } from '@orquesta/money';
import { toBalance, toLedgerEntry } from './balance.record';
import { AccountStatement, Balance, LedgerEntryConnection, SimulateDepositInput, SimulateDepositPayload } from './balance.type';

@ArgsType()
class LedgerEntriesArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only entries in this currency.' })
  currency?: string | null;
}

@ArgsType()
class StatementArgs {
  @Field(() => ID)
  accountId!: string;

  @Field()
  currency!: string;

  @Field({ description: 'Start of the period, included.' })
  from!: Date;

  @Field({ description: 'End of the period, excluded.' })
  to!: Date;
}

@Resolver(() => Account)
export class AccountBalancesResolver {
  @FieldResolver(() => [Balance], { description: 'One balance per currency the account has held, from the ledger.' })
  async balances(@Root() account: Account, @Ctx() ctx: AccountsContext): Promise<Balance[]> {
    return (await ctx.loaders.balances.load(account.id)).map(toBalance);
  }

  @FieldResolver(() => LedgerEntryConnection, { description: 'The ledger entries on this account, newest first.' })
  async ledgerEntries(@Root() account: Account, @Args() { first, after, currency }: LedgerEntriesArgs, @Ctx() ctx: AccountsContext): Promise<LedgerEntryConnection> {
    const page = unwrap(pageRequest(first, after));
    if (currency && !findCurrency(currency)) unwrap(badInput('currency', `unknown currency "${currency.slice(0, 12)}"`));
    return (await ctx.loaders.entriesByAccount(currency ?? null).load({ parentId: account.id, page })) as LedgerEntryConnection;
  }
}

@Resolver(() => AccountStatement)
export class StatementResolver {
  @Query(() => AccountStatement, { description: 'Opening and closing balances of one currency over [from, to), with the entries between.' })
  async accountStatement(@Args() { accountId, currency, from, to }: StatementArgs, @Ctx() ctx: AccountsContext): Promise<AccountStatement> {
    // Another tenant's account is simply not found, like a missing one.
    const account = await ctx.loaders.account.load(accountId);
    if (!account) return unwrap(notFound('Account', accountId));
    const figures = unwrap(await ctx.services.balances.statement(ctx.request, accountId, currency, from, to));
    return {
      account: account as Account,
      currency,
      from,
      to,
      openingBalance: formatAmount(figures.openingMinor, currency),
      closingBalance: formatAmount(figures.closingMinor, currency),
      totalCredits: formatAmount(figures.creditsMinor, currency),
      totalDebits: formatAmount(figures.debitsMinor, currency),
      entryCount: figures.entryCount,
      ledgerAccountId: figures.ledgerAccountId,
    };
  }

  @FieldResolver(() => LedgerEntryConnection, { description: 'The entries of the period, newest first.' })
  async entries(@Root() statement: AccountStatement, @Args() { first, after }: PageArgs, @Ctx() ctx: AccountsContext): Promise<LedgerEntryConnection> {
    const page = unwrap(pageRequest(first, after));
    const rows = await ctx.services.balances.statementEntries(ctx.request, statement, page);
    return toConnection(rows.map(toLedgerEntry), page) as LedgerEntryConnection;
  }

  @Mutation(() => SimulateDepositPayload, {
    description: 'Test mode only: credits an account as an incoming deposit would (from the rail settlement account).',
  })
  async simulateDeposit(@Arg('input') input: SimulateDepositInput, @Ctx() ctx: AccountsContext): Promise<SimulateDepositPayload> {
    requirePermission(ctx.request, 'money:move');
    const balance = unwrap(await ctx.services.balances.simulateDeposit(ctx.request, input));
    const account = await ctx.loaders.account.load(input.accountId);
    return { account: account as Account, balance: toBalance(balance) };
  }
}
