import { Arg, Args, ArgsType, Ctx, Field, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { badInput, requireAgentPermission, requirePermission, unwrap, type Result, ok } from '@orquesta/graphql';
import { findCurrency, parseAmount, toMoney } from '@orquesta/money';
import type { TreasuryContext } from '../treasury.context';
import { fxRateHistory } from '../fx-rates/fx-rate.service';
import type { TreasuryOverviewRecord } from '../liquidity/liquidity.service';
import type { ReconciliationRunRecord } from '../reconciliation/reconciliation.service';
import type { RoutingRule as RoutingRuleRecord } from '../routing/routing.service';
import { CORRIDORS, RAILS, findCorridor, railsOf, type RailDefinition } from './rail.catalogue';
import {
  Corridor,
  CreateRoutingRuleInput,
  FxRatePoint,
  Rail,
  RebalanceLiquidityInput,
  ReconciliationRun,
  RoutingRule,
  TreasuryOverview,
} from './rail.type';

function railView(definition: RailDefinition): Rail {
  return {
    code: definition.code,
    name: definition.name,
    network: definition.network,
    currency: definition.currency,
    feeBps: definition.feeBps,
    feeFixed: toMoney(definition.feeFixedMinor, definition.currency),
    minAmount: toMoney(definition.minAmountMinor, definition.currency),
    maxAmount: toMoney(definition.maxAmountMinor, definition.currency),
    settlementSeconds: definition.settlementSeconds,
  };
}

function ruleView(rule: RoutingRuleRecord): RoutingRule {
  const currency = rule.corridor.split('-')[1];
  return {
    id: rule.id,
    corridor: rule.corridor,
    minAmount: rule.minAmountMinor === null ? null : toMoney(rule.minAmountMinor, currency),
    maxAmount: rule.maxAmountMinor === null ? null : toMoney(rule.maxAmountMinor, currency),
    rails: [...rule.rails],
    createdAt: rule.createdAt,
  };
}

function overviewView(record: TreasuryOverviewRecord): TreasuryOverview {
  const byCurrency = new Map<string, { balance: bigint; inFlight: bigint }>();
  for (const float of record.floats) {
    const sum = byCurrency.get(float.currency) ?? { balance: 0n, inFlight: 0n };
    byCurrency.set(float.currency, { balance: sum.balance + float.balanceMinor, inFlight: sum.inFlight + float.inFlightMinor });
  }
  return {
    balances: [...byCurrency].map(([currency, sum]) => ({ currency, balance: toMoney(sum.balance, currency), inFlight: toMoney(sum.inFlight, currency) })),
    floats: record.floats.map((float) => ({
      rail: float.rail,
      balance: toMoney(float.balanceMinor, float.currency),
      inFlight: toMoney(float.inFlightMinor, float.currency),
      low: float.low,
    })),
    alerts: record.floats
      .filter((float) => float.low)
      .map((float) => ({
        rail: float.rail,
        shortfall: toMoney(float.inFlightMinor - float.balanceMinor, float.currency),
        message: `${float.rail} float does not cover its in-flight ${float.currency} payouts; rebalance into it`,
      })),
    asOf: record.asOf,
  };
}

function runView(run: ReconciliationRunRecord): ReconciliationRun {
  const order = (outcome: string) => (outcome === 'matched' ? 1 : 0);
  return {
    id: run.id,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    matched: run.matched,
    mismatched: run.mismatched,
    items: [...run.items]
      .sort((a, b) => order(a.outcome) - order(b.outcome))
      .map((item) => ({
        rail: item.rail,
        transferId: item.transferId,
        outcome: item.outcome,
        ledgerAmount: item.ledgerAmountMinor === null ? null : toMoney(item.ledgerAmountMinor, item.currency),
        railAmount: item.railAmountMinor === null ? null : toMoney(item.railAmountMinor, item.currency),
      })),
  };
}

function optionalAmount(field: string, value: string | null | undefined, currency: string): Result<bigint | null> {
  if (value === null || value === undefined) return ok(null);
  const parsed = parseAmount(value, currency);
  if (!parsed.ok) return badInput(field, parsed.problem.message);
  return ok(parsed.minor);
}

@ArgsType()
class HistoryArgs {
  @Field()
  from!: string;

  @Field()
  to!: string;

  @Field(() => Int, { defaultValue: 100, description: 'At most 500.' })
  first!: number;
}

@Resolver()
export class RailResolver {
  @Query(() => [Rail], { description: 'Every payout rail (provider) and its fees, limits and settlement time.' })
  rails(): Rail[] {
    return RAILS.map(railView);
  }

  @Query(() => [Corridor], { description: 'Every payout corridor and the rails that serve it.' })
  corridors(): Corridor[] {
    return CORRIDORS.map((corridor) => ({
      code: corridor.code,
      fromCurrency: corridor.fromCurrency,
      toCurrency: corridor.toCurrency,
      network: corridor.network,
      available: corridor.network !== null,
      rails: corridor.network ? railsOf(corridor.network).map(railView) : [],
    }));
  }

  @Query(() => [FxRatePoint], { description: 'Stored rates for a USD pair, newest first: the simulated feed writes one per tick.' })
  async fxRateHistory(@Args() { from, to, first }: HistoryArgs, @Ctx() ctx: TreasuryContext): Promise<FxRatePoint[]> {
    return unwrap(await fxRateHistory(ctx.services.dataSource, from, to, first));
  }

  @Query(() => [RoutingRule], { description: "The tenant's routing rules, newest first (the newest matching rule wins)." })
  async routingRules(@Ctx() ctx: TreasuryContext): Promise<RoutingRule[]> {
    requireAgentPermission(ctx.request, 'treasury.view');
    return (await ctx.services.routing.listRules(ctx.request)).map(ruleView);
  }

  @Mutation(() => RoutingRule, { description: 'On a corridor and amount range (delivered currency), try these rails in this order.' })
  async createRoutingRule(@Arg('input') input: CreateRoutingRuleInput, @Ctx() ctx: TreasuryContext): Promise<RoutingRule> {
    requirePermission(ctx.request, 'treasury:manage');
    const [from, to] = input.corridor.split('-');
    const corridor = from && to ? findCorridor(from, to) : undefined;
    const currency = corridor && findCurrency(corridor.toCurrency) ? corridor.toCurrency : 'USD';
    const min = unwrap(optionalAmount('input.minAmount', input.minAmount, currency));
    const max = unwrap(optionalAmount('input.maxAmount', input.maxAmount, currency));
    return ruleView(unwrap(await ctx.services.routing.createRule(ctx.request, { corridor: input.corridor, minAmountMinor: min, maxAmountMinor: max, rails: input.rails })));
  }

  @Mutation(() => ID)
  async deleteRoutingRule(@Arg('id', () => ID) id: string, @Ctx() ctx: TreasuryContext): Promise<string> {
    requirePermission(ctx.request, 'treasury:manage');
    return unwrap(await ctx.services.routing.deleteRule(ctx.request, id));
  }

  @Query(() => TreasuryOverview, { description: 'Balances by currency and rail, what is in flight, and low-liquidity alerts.' })
  async treasuryOverview(@Ctx() ctx: TreasuryContext): Promise<TreasuryOverview> {
    requireAgentPermission(ctx.request, 'treasury.view');
    return overviewView(await ctx.services.liquidity.overview(ctx.request));
  }

  @Mutation(() => TreasuryOverview, { description: 'Moves money between two floats of one currency (or from the house account, "treasury") as one balanced ledger transfer.' })
  async rebalanceLiquidity(@Arg('input') input: RebalanceLiquidityInput, @Ctx() ctx: TreasuryContext): Promise<TreasuryOverview> {
    requirePermission(ctx.request, 'treasury:manage');
    return overviewView(unwrap(await ctx.services.liquidity.rebalance(ctx.request, input)));
  }

  @Query(() => [ReconciliationRun], { description: 'Recent reconciliation runs, newest first, with every item compared.' })
  async reconciliationRuns(@Arg('first', () => Int, { defaultValue: 10, description: 'At most 50.' }) first: number, @Ctx() ctx: TreasuryContext): Promise<ReconciliationRun[]> {
    requireAgentPermission(ctx.request, 'treasury.view');
    return (await ctx.services.reconciliation.list(ctx.request, first)).map(runView);
  }

  @Mutation(() => ReconciliationRun, { description: 'Reconciles the ledger with every rail statement now (the job also runs it periodically).' })
  async runReconciliation(@Ctx() ctx: TreasuryContext): Promise<ReconciliationRun> {
    requirePermission(ctx.request, 'treasury:manage');
    return runView(await ctx.services.reconciliation.run(ctx.request));
  }
}
