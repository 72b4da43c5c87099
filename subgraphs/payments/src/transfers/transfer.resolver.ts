import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { notFound, ok, PageArgs, pageRequest, toConnection, unwrap, requirePermission, requireOwnAccount, requireAgentPermission } from '@orquesta/graphql';
import type { PaymentsContext } from '../payments.context';
import { transferFromRow } from './transfer.record';
import { CreateInternalTransferInput, CreateInternalTransferPayload, TransferFilter } from './transfer.input';
import { Account, Transfer, TransferConnection } from './transfer.type';

@ArgsType()
class TransfersArgs extends PageArgs {
  @Field(() => TransferFilter, { nullable: true })
  filter?: TransferFilter | null;
}

@Resolver(() => Transfer)
export class TransferResolver {
  @Query(() => TransferConnection, { description: "The tenant's transfers, newest first." })
  async transfers(@Args() { first, after, filter }: TransfersArgs, @Ctx() ctx: PaymentsContext): Promise<TransferConnection> {
    const page = unwrap(pageRequest(first, after));
    requireAgentPermission(ctx.request, 'transactions.view');
    // An agent token sees its own account's transfers only.
    const own = ctx.request.agentAccountId;
    if (own && filter?.accountId && filter.accountId !== own) return { ...toConnection([], page), edges: [], nodes: [] } as TransferConnection;
    const rows = unwrap(await ctx.services.transfers.list(ctx.request, page, own ? { ...filter, accountId: own } : (filter ?? {})));
    return { ...rows, edges: rows.edges.map((edge) => ({ cursor: edge.cursor, node: transferFromRow(edge.node) })), nodes: rows.nodes.map(transferFromRow) };
  }

  @Query(() => Transfer, { nullable: true })
  async transfer(@Arg('id', () => ID) id: string, @Ctx() ctx: PaymentsContext): Promise<Transfer> {
    requireAgentPermission(ctx.request, 'transactions.view');
    const transfer = await ctx.loaders.transfer.load(id);
    const own = ctx.request.agentAccountId;
    const visible = transfer && (!own || transfer.from?.id === own || transfer.to?.id === own);
    return unwrap(visible ? ok(transfer) : notFound<Transfer>('Transfer', id));
  }

  @Mutation(() => CreateInternalTransferPayload, {
    description: 'Moves money between two accounts of the tenant at once and atomically. Fails with INSUFFICIENT_FUNDS, moving nothing, when the payer lacks it.',
  })
  async createInternalTransfer(@Arg('input') input: CreateInternalTransferInput, @Ctx() ctx: PaymentsContext): Promise<CreateInternalTransferPayload> {
    requirePermission(ctx.request, 'money:move');
    requireAgentPermission(ctx.request, 'transactions.initiate');
    requireOwnAccount(ctx.request, input.fromAccountId);
    const row = unwrap(await ctx.services.transfers.createInternal(ctx.request, input));
    return { transfer: transferFromRow(row) };
  }
}

@Resolver(() => Account)
export class AccountTransfersResolver {
  @FieldResolver(() => TransferConnection, { description: 'Transfers from or to this account, newest first.' })
  async transfers(@Root() account: Account, @Args() { first, after }: PageArgs, @Ctx() ctx: PaymentsContext): Promise<TransferConnection> {
    const page = unwrap(pageRequest(first, after));
    return (await ctx.loaders.transfersByAccount.load({ parentId: account.id, page })) as TransferConnection;
  }
}
