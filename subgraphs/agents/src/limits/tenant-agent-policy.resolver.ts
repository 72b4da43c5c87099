import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { unwrap, requirePermission } from '@orquesta/graphql';
import { toMoney } from '@orquesta/money';
import type { AgentsContext } from '../agents.context';
import { TenantAgentPolicy, UpdateTenantAgentPolicyInput, UpdateTenantAgentPolicyPayload } from '../agents/agent-controls.input';
import type { TenantAgentPolicy as PolicyValue } from './agent-limits.service';

function policyView(policy: PolicyValue): TenantAgentPolicy {
  const money = (minor: bigint | null, currency: string | null) => (minor === null || currency === null ? null : toMoney(minor, currency));
  const whole = (value: bigint | null) => (value === null ? null : value.toString());
  return {
    timeZone: policy.timeZone,
    approvalThreshold: money(policy.approvalThresholdMinor, policy.approvalThresholdCurrency),
    approvalTtlSeconds: policy.approvalTtlSeconds,
    tier3PerTransaction: money(policy.tier3.perTransactionMinor, policy.tier3.currency),
    tier3Daily: money(policy.tier3.dailyMinor, policy.tier3.currency),
    tier3Monthly: money(policy.tier3.monthlyMinor, policy.tier3.currency),
    accountTierLimits: policy.accountTierLimits.map((row) => ({ tier: row.tier, perTransaction: whole(row.perTransaction), daily: whole(row.daily), monthly: whole(row.monthly) })),
  };
}

@Resolver()
export class TenantAgentPolicyResolver {
  @Query(() => TenantAgentPolicy, { description: "The tenant's agent settings: time zone, approval threshold and expiry, tier-3 and parent-tier limits." })
  async tenantAgentPolicy(@Ctx() ctx: AgentsContext): Promise<TenantAgentPolicy> {
    requirePermission(ctx.request, 'settings:manage');
    return policyView(await ctx.services.controls.policy(ctx.request));
  }

  @Mutation(() => UpdateTenantAgentPolicyPayload, { description: 'Owner or admin.' })
  async updateTenantAgentPolicy(@Arg('input') input: UpdateTenantAgentPolicyInput, @Ctx() ctx: AgentsContext): Promise<UpdateTenantAgentPolicyPayload> {
    requirePermission(ctx.request, 'settings:manage');
    unwrap(await ctx.services.controls.updatePolicy(ctx.request, input));
    return { policy: policyView(await ctx.services.controls.policy(ctx.request)) };
  }
}
