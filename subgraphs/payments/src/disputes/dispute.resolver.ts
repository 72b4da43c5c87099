import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { notFound, ok, PageArgs, pageRequest, requirePermission, unwrap } from '@orquesta/graphql';
import type { PaymentsContext } from '../payments.context';
import { Transfer } from '../transfers/transfer.type';
import { AcceptDisputeInput, DisputeFilter, DisputePayload, OpenDisputeInput, ResolveDisputeInput, SubmitDisputeEvidenceInput } from './dispute.input';
import { disputeFromRow, type DisputeRow } from './dispute.record';
import { Dispute, DisputeConnection } from './dispute.type';

@ArgsType()
class DisputesArgs extends PageArgs {
  @Field(() => DisputeFilter, { nullable: true })
  filter?: DisputeFilter | null;
}

function toNode(row: DisputeRow): Dispute {
  return disputeFromRow(row) as unknown as Dispute;
}

@Resolver(() => Dispute)
export class DisputeResolver {
  @Query(() => DisputeConnection, { description: "The tenant's disputes, newest first." })
  async disputes(@Args() { first, after, filter }: DisputesArgs, @Ctx() ctx: PaymentsContext): Promise<DisputeConnection> {
    const page = unwrap(pageRequest(first, after));
    const rows = unwrap(await ctx.services.disputes.list(ctx.request, page, filter ?? {}));
    return { ...rows, edges: rows.edges.map((edge) => ({ cursor: edge.cursor, node: toNode(edge.node) })), nodes: rows.nodes.map(toNode) };
  }

  @Query(() => Dispute, { nullable: true })
  async dispute(@Arg('id', () => ID) id: string, @Ctx() ctx: PaymentsContext): Promise<Dispute> {
    const [row] = await ctx.services.disputes.getMany(ctx.request, [id]);
    return unwrap(row ? ok(toNode(row)) : notFound<Dispute>('Dispute', id));
  }

  @Mutation(() => DisputePayload, { description: "Opens a dispute for the tenant's customer: the amount is held on the payee until it is decided." })
  async openDispute(@Arg('input') input: OpenDisputeInput, @Ctx() ctx: PaymentsContext): Promise<DisputePayload> {
    requirePermission(ctx.request, 'disputes:manage');
    return { dispute: toNode(unwrap(await ctx.services.disputes.open(ctx.request, input))) };
  }

  @Mutation(() => DisputePayload, { description: "The payee's evidence (text); the dispute goes UNDER_REVIEW." })
  async submitDisputeEvidence(@Arg('input') input: SubmitDisputeEvidenceInput, @Ctx() ctx: PaymentsContext): Promise<DisputePayload> {
    requirePermission(ctx.request, 'disputes:manage');
    return { dispute: toNode(unwrap(await ctx.services.disputes.submitEvidence(ctx.request, input.disputeId, { ...input.evidence }))) };
  }

  @Mutation(() => DisputePayload, { description: 'The payee gives in: the held amount goes to the payer (ACCEPTED).' })
  async acceptDispute(@Arg('input') input: AcceptDisputeInput, @Ctx() ctx: PaymentsContext): Promise<DisputePayload> {
    requirePermission(ctx.request, 'disputes:manage');
    return { dispute: toNode(unwrap(await ctx.services.disputes.accept(ctx.request, input.disputeId))) };
  }

  @Mutation(() => DisputePayload, { description: "The rail's simulated decision: WON releases the hold to the payee, LOST moves it to the payer." })
  async resolveDispute(@Arg('input') input: ResolveDisputeInput, @Ctx() ctx: PaymentsContext): Promise<DisputePayload> {
    requirePermission(ctx.request, 'disputes:manage');
    return { dispute: toNode(unwrap(await ctx.services.disputes.resolve(ctx.request, input.disputeId, input.outcome))) };
  }

  @FieldResolver(() => Transfer)
  async transfer(@Root() dispute: Dispute, @Ctx() ctx: PaymentsContext): Promise<Transfer> {
    const { transferId } = dispute as unknown as ReturnType<typeof disputeFromRow>;
    const transfer = await ctx.loaders.transfer.load(transferId);
    return unwrap(transfer ? ok(transfer) : notFound<Transfer>('Transfer', transferId));
  }
}
