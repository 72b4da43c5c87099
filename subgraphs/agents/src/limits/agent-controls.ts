import {
  ACCOUNT_TIER_LIMITS,
  effectiveLimits,
  KYA_TIER_LIMITS,
  nominalMinor,
  wholeToMinor,
  type EffectiveLimits,
  type LimitWindows,
} from './agent-limits';

/** An agent's row joined with its tenant's policy: everything its effective limits depend on. */
export interface AgentControlRow {
  id: string;
  account_id: string;
  status: string;
  currency: string;
  kya_tier: number;
  kya_status: string;
  kya_verified_at: Date | null;
  limit_per_transaction_minor: string | null;
  limit_daily_minor: string | null;
  limit_monthly_minor: string | null;
  approval_threshold_minor: string | null;
  max_active_streams: number;
  max_flow_rate_per_month_minor: string | null;
  max_stream_outflow_minor: string | null;
  time_zone: string;
  approval_ttl_seconds: number;
  default_threshold_minor: string | null;
  default_threshold_currency: string | null;
  tier3_per_transaction_minor: string | null;
  tier3_daily_minor: string | null;
  tier3_monthly_minor: string | null;
  tier3_currency: string | null;
  /** { "<tier>": [perTransaction, daily, monthly] } in whole units, for the tiers the tenant changed. */
  account_tier_limits: Record<string, [string | null, string | null, string | null]> | null;
}

// For `FROM agents.agents a LEFT JOIN agents.tenant_policies p`.
export const AGENT_CONTROL_COLUMNS = `a.id, a.account_id, a.status, a.currency, a.kya_tier, a.kya_status, a.kya_verified_at,
  a.limit_per_transaction_minor::text, a.limit_daily_minor::text, a.limit_monthly_minor::text, a.approval_threshold_minor::text,
  a.max_active_streams, a.max_flow_rate_per_month_minor::text, a.max_stream_outflow_minor::text,
  COALESCE(p.time_zone, 'UTC') AS time_zone, COALESCE(p.approval_ttl_seconds, 86400) AS approval_ttl_seconds,
  p.approval_threshold_minor::text AS default_threshold_minor, p.approval_threshold_currency AS default_threshold_currency,
  p.tier3_per_transaction_minor::text, p.tier3_daily_minor::text, p.tier3_monthly_minor::text, p.tier3_currency,
  (SELECT json_object_agg(l.tier, json_build_array(l.per_transaction_major::text, l.daily_major::text, l.monthly_major::text))
     FROM agents.account_tier_limits l WHERE l.tenant_id = a.tenant_id AND l.livemode = a.livemode) AS account_tier_limits`;

const big = (value: string | null) => (value === null ? null : BigInt(value));

export interface AgentLimitsView extends EffectiveLimits {
  readonly owner: LimitWindows;
  readonly kyaTier: LimitWindows;
  readonly parentAccount: LimitWindows;
  /** Above this a movement waits for approval; null: never. */
  readonly approvalThreshold: bigint | null;
  readonly streams: { readonly maxActive: number; readonly maxFlowRatePerMonth: bigint | null; readonly maxOutflow: bigint | null };
}

/**
 * The agent's limits from every source. Its KYA tier counts only once verified (and not
 * while suspended): an unverified agent, or a tier-0 one, moves nothing.
 */
export function limitsOf(agent: AgentControlRow, parentTier: number): AgentLimitsView {
  const owner = { perTransaction: big(agent.limit_per_transaction_minor), daily: big(agent.limit_daily_minor), monthly: big(agent.limit_monthly_minor) };
  const verified = agent.kya_verified_at !== null && agent.kya_status !== 'suspended' ? agent.kya_tier : 0;
  let kyaTier: LimitWindows;
  if (verified === 3) {
    const from = agent.tier3_currency ?? agent.currency;
    const read = (value: string | null) => (value === null ? null : nominalMinor(BigInt(value), from, agent.currency));
    kyaTier = { perTransaction: read(agent.tier3_per_transaction_minor), daily: read(agent.tier3_daily_minor), monthly: read(agent.tier3_monthly_minor) };
  } else {
    kyaTier = wholeToMinor(KYA_TIER_LIMITS[verified as 0 | 1 | 2], agent.currency);
  }
  const tier = Math.max(0, Math.min(3, parentTier)) as 0 | 1 | 2 | 3;
  const custom = agent.account_tier_limits?.[String(tier)];
  const parentUnits = custom ? { perTransaction: big(custom[0]), daily: big(custom[1]), monthly: big(custom[2]) } : ACCOUNT_TIER_LIMITS[tier];
  const parentAccount = wholeToMinor(parentUnits, agent.currency);
  const effective = effectiveLimits({ owner, kya_tier: kyaTier, parent_account: parentAccount });
  const approvalThreshold =
    agent.approval_threshold_minor !== null
      ? BigInt(agent.approval_threshold_minor)
      : agent.default_threshold_minor !== null
        ? nominalMinor(BigInt(agent.default_threshold_minor), agent.default_threshold_currency ?? agent.currency, agent.currency)
        : null;
  const streams = { maxActive: agent.max_active_streams, maxFlowRatePerMonth: big(agent.max_flow_rate_per_month_minor), maxOutflow: big(agent.max_stream_outflow_minor) };
  return { ...effective, owner, kyaTier, parentAccount, approvalThreshold, streams };
}
