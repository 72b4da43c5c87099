import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { notFound, ok, PageArgs, pageRequest, requirePermission, unwrap } from '@orquesta/graphql';
import { parseAmount, toMoney, Money } from '@orquesta/money';
import type { PaymentsContext } from '../payments.context';
import { Transfer } from '../transfers/transfer.type';
import { CreateRefundInput, CreateRefundPayload, RefundFilter } from './refund.input';
import { refundFromRow, type RefundRow } from './refund.record';
import { Refund, RefundConnection } from './refund.type';

@ArgsType()
class RefundsArgs extends PageArgs {
  @Field(() => RefundFilter, { nullable: true })
  filter?: RefundFilter | null;
}

/** The graph's refund: its transfer is resolved from the id the row carries. */
type RefundNode = ReturnType<typeof refundFromRow>;

function toNode(row: RefundRow): Refund {
  return refundFromRow(row) as unknown as Refund;
}

@Resolver(() => Refund)
export class RefundResolver {
  @Query(() => RefundConnection, { description: "The tenant's refunds, newest first." })
  async refunds(@Args() { first, after, filter }: RefundsArgs, @Ctx() ctx: PaymentsContext): Promise<RefundConnection> {
    const page = unwrap(pageRequest(first, after));
    const rows = unwrap(await ctx.services.refunds.list(ctx.request, page, filter ?? {}));
    return { ...rows, edges: rows.edges.map((edge) => ({ cursor: edge.cursor, node: toNode(edge.node) })), nodes: rows.nodes.map(toNode) };
  }

  @Query(() => Refund, { nullable: true })
  async refund(@Arg('id', () => ID) id: string, @Ctx() ctx: PaymentsContext): Promise<Refund> {
    const [row] = await ctx.services.refunds.getMany(ctx.request, [id]);
    return unwrap(row ? ok(toNode(row)) : notFound<Refund>('Refund', id));
  }

  @Mutation(() => CreateRefundPayload, {
    description:
      'Returns all or part of a completed transfer to its payer, within the refund window. Fails with REFUND_EXCEEDS_REMAINING, ' +
      'REFUND_WINDOW_EXPIRED, NOT_REFUNDABLE or INSUFFICIENT_FUNDS (the payee lacks it), moving nothing.',
  })
  async createRefund(@Arg('input') input: CreateRefundInput, @Ctx() ctx: PaymentsContext): Promise<CreateRefundPayload> {
    requirePermission(ctx.request, 'money:move');
    const row = unwrap(await ctx.services.refunds.create(ctx.request, input));
    return { refund: toNode(row) };
  }

  @FieldResolver(() => Transfer)
  async transfer(@Root() refund: Refund, @Ctx() ctx: PaymentsContext): Promise<Transfer> {
    const { transferId } = refund as unknown as RefundNode;
    const transfer = await ctx.loaders.transfer.load(transferId);
    return unwrap(transfer ? ok(transfer) : notFound<Transfer>('Transfer', transferId));
  }
}

@Resolver(() => Transfer)
export class TransferRefundsResolver {
  @FieldResolver(() => [Refund], { description: 'Refunds of this transfer, oldest first.' })
  async refunds(@Root() transfer: Transfer, @Ctx() ctx: PaymentsContext): Promise<Refund[]> {
    return (await ctx.loaders.refundsByTransfer.load(transfer.id)).map(toNode);
  }

  @FieldResolver(() => Money, { description: 'What pending and succeeded refunds returned or are returning.' })
  async refundedAmount(@Root() transfer: Transfer, @Ctx() ctx: PaymentsContext): Promise<Money> {
    const totals = await this.totals(transfer, ctx);
    return toMoney(totals.refundedMinor, transfer.amount.currency);
  }

  @FieldResolver(() => Boolean, { description: 'True when createRefund would accept some amount now (status, type, window, what refunds and disputes left).' })
  async refundable(@Root() transfer: Transfer, @Ctx() ctx: PaymentsContext): Promise<boolean> {
    return (await this.totals(transfer, ctx)).refundable;
  }

  @FieldResolver(() => Money, { description: 'What createRefund would still accept now (zero when not refundable).' })
  async refundableAmount(@Root() transfer: Transfer, @Ctx() ctx: PaymentsContext): Promise<Money> {
    return toMoney((await this.totals(transfer, ctx)).remainingMinor, transfer.amount.currency);
  }

  private async totals(transfer: Transfer, ctx: PaymentsContext) {
    const [refunds, disputedMinor] = await Promise.all([ctx.loaders.refundsByTransfer.load(transfer.id), ctx.loaders.disputedByTransfer.load(transfer.id)]);
    const parsed = parseAmount(transfer.amount.amount, transfer.amount.currency);
    const amountMinor = parsed.ok ? parsed.minor : 0n;
    return ctx.services.refunds.totals(ctx.request, { type: transfer.type, status: transfer.status, completedAt: transfer.completedAt, amountMinor }, refunds, disputedMinor);
  }
}
