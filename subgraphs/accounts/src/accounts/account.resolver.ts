import { Arg, Args, ArgsType, Ctx, Field, ID, Mutation, Query, Resolver } from 'type-graphql';
import { notFound, ok, PageArgs, pageRequest, toConnection, unwrap, requireAgentPermission, requirePermission } from '@orquesta/graphql';
import type { AccountsContext } from '../accounts.context';
import { Account, AccountConnection } from './account.type';
import { AccountFilter, CreateAccountInput, CreateAccountPayload, UpdateAccountInput, UpdateAccountPayload } from './account.input';

@ArgsType()
class AccountsArgs extends PageArgs {
  @Field(() => AccountFilter, { nullable: true })
  filter?: AccountFilter | null;
}

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => AccountConnection, { description: "The tenant's accounts, newest first." })
  async accounts(@Args() { first, after, filter }: AccountsArgs, @Ctx() ctx: AccountsContext): Promise<AccountConnection> {
    const page = unwrap(pageRequest(first, after));
    requireAgentPermission(ctx.request, 'accounts.view');
    // An agent token sees one account: its own.
    if (ctx.request.agentAccountId) {
      const own = page.afterId ? null : await ctx.loaders.account.load(ctx.request.agentAccountId);
      return toConnection(own ? [own] : [], page) as unknown as AccountConnection;
    }
    return unwrap(await ctx.services.accounts.list(ctx.request, page, filter ?? {})) as AccountConnection;
  }

  @Query(() => Account, { nullable: true })
  async account(@Arg('id', () => ID) id: string, @Ctx() ctx: AccountsContext): Promise<Account | null> {
    requireAgentPermission(ctx.request, 'accounts.view');
    const visible = !ctx.request.agentAccountId || ctx.request.agentAccountId === id;
    const account = visible ? await ctx.loaders.account.load(id) : null;
    // Absent and another tenant's are the same answer: nothing about the id is revealed.
    return unwrap(account ? ok(account) : notFound<typeof account>('Account', id)) as Account;
  }

  @Mutation(() => CreateAccountPayload)
  async createAccount(@Arg('input') input: CreateAccountInput, @Ctx() ctx: AccountsContext): Promise<CreateAccountPayload> {
    requirePermission(ctx.request, 'money:move');
    requireAgentPermission(ctx.request, 'accounts.create');
    const account = unwrap(await ctx.services.accounts.create(ctx.request, input));
    return { account: account as Account };
  }

  @Mutation(() => UpdateAccountPayload)
  async updateAccount(@Arg('input') input: UpdateAccountInput, @Ctx() ctx: AccountsContext): Promise<UpdateAccountPayload> {
    requirePermission(ctx.request, 'money:move');
    requireAgentPermission(ctx.request, 'accounts.create');
    const account = unwrap(await ctx.services.accounts.update(ctx.request, input));
    return { account: account as Account };
  }
}
