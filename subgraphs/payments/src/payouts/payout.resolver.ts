import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { requireAgentPermission, requireOwnAccount, requirePermission, unwrap } from '@orquesta/graphql';
import { toMoney } from '@orquesta/money';
import type { PaymentsContext } from '../payments.context';
import { transferFromRow } from '../transfers/transfer.record';
import { Transfer } from '../transfers/transfer.type';
import { maskDestination, type PayoutRow } from './payout.record';
import { CancelPayoutInput, CreatePayoutInput, PayoutDetails, PayoutNetworkEnum, PayoutPayload, PayoutRoute, ResolveManualStepInput } from './payout.type';

export function payoutDetails(row: PayoutRow): PayoutDetails {
  return {
    network: row.network as PayoutNetworkEnum,
    destination: maskDestination(row.destination),
    targetAmount: toMoney(BigInt(row.target_amount_minor), row.target_currency),
    rate: row.rate,
    quoteId: row.quote_id,
    rail: row.rail,
    stage: row.stage,
    attempts: row.attempts.map((attempt) => ({ rail: attempt.rail, outcome: attempt.outcome, code: attempt.code, at: new Date(attempt.at) })),
    manualSteps: row.manual_steps.map((step) => ({
      id: step.id,
      kind: step.kind,
      description: step.description,
      options: [...step.options],
      resolvedAt: step.resolvedAt ? new Date(step.resolvedAt) : null,
      resolution: step.resolution,
    })),
  };
}

export function payoutRoute(row: PayoutRow): PayoutRoute | null {
  if (!row.route) return null;
  return {
    corridor: row.route.corridor,
    rail: row.rail,
    chain: [...row.chain],
    ruleId: row.route.ruleId,
    reasoning: row.route.reasoning,
    alternatives: row.route.alternatives.map((alternative) => ({
      rail: alternative.rail,
      eligible: alternative.eligible,
      reason: alternative.reason,
      score: alternative.score,
      fee: toMoney(BigInt(alternative.feeMinor), alternative.currency),
      settlementSeconds: alternative.settlementSeconds,
      successRate: alternative.successRate,
    })),
    decidedAt: new Date(row.route.decidedAt),
  };
}

@Resolver(() => Transfer)
export class PayoutResolver {
  @Mutation(() => PayoutPayload, {
    description:
      'Pays out to a bank account, wallet or mobile-money number: validates, holds the funds and returns the transfer as PROCESSING at once; ' +
      'settlement continues in the background (transferUpdated tells every change).',
  })
  async createPayout(@Arg('input') input: CreatePayoutInput, @Ctx() ctx: PaymentsContext): Promise<PayoutPayload> {
    requirePermission(ctx.request, 'money:move');
    requireAgentPermission(ctx.request, 'transactions.initiate');
    requireOwnAccount(ctx.request, input.fromAccountId);
    const row = unwrap(await ctx.services.payouts.create(ctx.request, { ...input, destination: { ...input.destination, network: input.destination.network } }));
    return { transfer: transferFromRow(row) };
  }

  @Mutation(() => PayoutPayload, { description: 'Cancels a payout not yet sent to a rail; the held funds return. CONFLICT once it was sent.' })
  async cancelPayout(@Arg('input') input: CancelPayoutInput, @Ctx() ctx: PaymentsContext): Promise<PayoutPayload> {
    requirePermission(ctx.request, 'money:move');
    return { transfer: transferFromRow(unwrap(await ctx.services.payouts.cancel(ctx.request, input.transferId))) };
  }

  @Mutation(() => PayoutPayload, { description: 'Resolves a payout in REQUIRES_MANUAL_INTERVENTION: retry it on a chosen rail, or refund the sender.' })
  async resolveManualStep(@Arg('input') input: ResolveManualStepInput, @Ctx() ctx: PaymentsContext): Promise<PayoutPayload> {
    requirePermission(ctx.request, 'treasury:manage');
    return { transfer: transferFromRow(unwrap(await ctx.services.payouts.resolveManualStep(ctx.request, input))) };
  }

  @FieldResolver(() => PayoutRoute, { nullable: true, description: 'For payouts: the routing decision, with its reasoning and the alternatives weighed.' })
  async route(@Root() transfer: Transfer, @Ctx() ctx: PaymentsContext): Promise<PayoutRoute | null> {
    if (transfer.type !== 'payout') return null;
    const row = await ctx.loaders.payout.load(transfer.id);
    return row ? payoutRoute(row) : null;
  }

  @FieldResolver(() => PayoutDetails, { nullable: true, description: 'For payouts: destination, delivered amount, attempts and manual steps.' })
  async payout(@Root() transfer: Transfer, @Ctx() ctx: PaymentsContext): Promise<PayoutDetails | null> {
    if (transfer.type !== 'payout') return null;
    const row = await ctx.loaders.payout.load(transfer.id);
    return row ? payoutDetails(row) : null;
  }
}
