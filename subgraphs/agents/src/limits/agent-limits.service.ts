import type { DataSource } from 'typeorm';
import { accountVerificationTiers } from '@orquesta/accounts';
import { isUuid, tenantScope, type RequestContext } from '@orquesta/context';
import { withTenant } from '@orquesta/db';
import { recordEvent } from '@orquesta/events';
import { badInput, ok, type Result } from '@orquesta/graphql';
import { findCurrency, parseAmount } from '@orquesta/money';
import { AGENT_CONTROL_COLUMNS, limitsOf, type AgentControlRow, type AgentLimitsView } from './agent-controls';
import { ACCOUNT_TIER_LIMITS, isTimeZone, localPeriods } from './agent-limits';

export interface AgentUsageView {
  readonly currency: string;
  readonly todayMinor: bigint;
  readonly monthMinor: bigint;
  readonly activeStreams: number;
  readonly streamFlowPerMonthMinor: bigint;
  readonly resetsAt: Date;
}

export interface AgentControlsView {
  readonly limits: AgentLimitsView;
  readonly usage: AgentUsageView;
}

export interface TenantAgentPolicy {
  readonly timeZone: string;
  readonly approvalThresholdMinor: bigint | null;
  readonly approvalThresholdCurrency: string | null;
  readonly approvalTtlSeconds: number;
  readonly tier3: { readonly perTransactionMinor: bigint | null; readonly dailyMinor: bigint | null; readonly monthlyMinor: bigint | null; readonly currency: string | null };
  /** Per parent-account tier, in whole units; null: no cap. */
  readonly accountTierLimits: ReadonlyArray<{ tier: number; perTransaction: bigint | null; daily: bigint | null; monthly: bigint | null }>;
}

type MoneyValue = { readonly amount: string; readonly currency: string };

export interface TenantPolicyUpdate {
  readonly timeZone?: string | null;
  readonly approvalThreshold?: MoneyValue | null;
  readonly approvalTtlSeconds?: number | null;
  readonly tier3PerTransaction?: MoneyValue | null;
  readonly tier3Daily?: MoneyValue | null;
  readonly tier3Monthly?: MoneyValue | null;
  readonly accountTierLimits?: ReadonlyArray<{ tier: number; perTransaction?: string | null; daily?: string | null; monthly?: string | null }> | null;
}

interface CounterRow {
  agent_id: string;
  day: string;
  used_day_minor: string;
  month: string;
  used_month_minor: string;
  active_streams: number;
  stream_flow_per_month_minor: string;
}

interface PolicyRow {
  time_zone: string;
  approval_threshold_minor: string | null;
  approval_threshold_currency: string | null;
  approval_ttl_seconds: number;
  tier3_per_transaction_minor: string | null;
  tier3_daily_minor: string | null;
  tier3_monthly_minor: string | null;
  tier3_currency: string | null;
}

const big = (value: string | null) => (value === null ? null : BigInt(value));
const WHOLE = /^\d{1,15}$/;

/** The start of the next local day in `timeZone`, as an instant (PostgreSQL does the zone arithmetic). */
const NEXT_MIDNIGHT_SQL = `((date_trunc('day', now() AT TIME ZONE $1) + interval '1 day') AT TIME ZONE $1) AS resets_at`;

export type AgentControlsService = ReturnType<typeof createAgentControlsService>;

export function createAgentControlsService({ dataSource }: { dataSource: DataSource }) {
  return {
    /** Limits (owner's, effective) and usage for many agents, in one transaction (the agents list's usage bars). */
    async viewsFor(request: RequestContext, ids: readonly string[]): Promise<Map<string, AgentControlsView>> {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return new Map();
      const scope = tenantScope(request);
      return withTenant(dataSource, scope, async (manager) => {
        const agents: AgentControlRow[] = await manager.query(
          `SELECT ${AGENT_CONTROL_COLUMNS} FROM agents.agents a
             LEFT JOIN agents.tenant_policies p ON p.tenant_id = a.tenant_id AND p.livemode = a.livemode
            WHERE a.tenant_id = $1 AND a.livemode = $2 AND a.id = ANY($3::uuid[])`,
          [scope.tenantId, scope.livemode, valid],
        );
        if (agents.length === 0) return new Map();
        const counters: CounterRow[] = await manager.query(
          `SELECT agent_id, day::text, used_day_minor::text, month::text, used_month_minor::text, active_streams, stream_flow_per_month_minor::text
             FROM agents.usage_counters WHERE tenant_id = $1 AND livemode = $2 AND agent_id = ANY($3::uuid[])`,
          [scope.tenantId, scope.livemode, agents.map((agent) => agent.id)],
        );
        const timeZone = agents[0].time_zone;
        const [{ resets_at: resetsAt }] = (await manager.query(`SELECT ${NEXT_MIDNIGHT_SQL}`, [timeZone])) as Array<{ resets_at: Date }>;
        const tiers = await accountVerificationTiers(manager, scope, [...new Set(agents.map((agent) => agent.account_id))]);
        const byAgent = new Map(counters.map((row) => [row.agent_id, row]));
        const { day, month } = localPeriods(new Date(), timeZone);
        return new Map(
          agents.map((agent) => {
            const counter = byAgent.get(agent.id);
            const usage: AgentUsageView = {
              currency: agent.currency,
              todayMinor: counter && counter.day === day ? BigInt(counter.used_day_minor) : 0n,
              monthMinor: counter && counter.month === month ? BigInt(counter.used_month_minor) : 0n,
              activeStreams: counter?.active_streams ?? 0,
              streamFlowPerMonthMinor: BigInt(counter?.stream_flow_per_month_minor ?? '0'),
              resetsAt,
            };
            return [agent.id, { limits: limitsOf(agent, tiers.get(agent.account_id) ?? 0), usage }];
          }),
        );
      });
    },

    async policy(request: RequestContext): Promise<TenantAgentPolicy> {
      const scope = tenantScope(request);
      return withTenant(dataSource, scope, async (manager) => {
        const [row] = (await manager.query(
          `SELECT time_zone, approval_threshold_minor::text, approval_threshold_currency, approval_ttl_seconds, tier3_per_transaction_minor::text,
                  tier3_daily_minor::text, tier3_monthly_minor::text, tier3_currency
             FROM agents.tenant_policies WHERE tenant_id = $1 AND livemode = $2`,
          [scope.tenantId, scope.livemode],
        )) as PolicyRow[];
        const tierRows: Array<{ tier: number; per_transaction_major: string | null; daily_major: string | null; monthly_major: string | null }> = await manager.query(
          'SELECT tier, per_transaction_major::text, daily_major::text, monthly_major::text FROM agents.account_tier_limits WHERE tenant_id = $1 AND livemode = $2',
          [scope.tenantId, scope.livemode],
        );
        const custom = new Map(tierRows.map((tierRow) => [Number(tierRow.tier), tierRow]));
        return {
          timeZone: row?.time_zone ?? 'UTC',
          approvalThresholdMinor: big(row?.approval_threshold_minor ?? null),
          approvalThresholdCurrency: row?.approval_threshold_currency ?? null,
          approvalTtlSeconds: row?.approval_ttl_seconds ?? 86_400,
          tier3: {
            perTransactionMinor: big(row?.tier3_per_transaction_minor ?? null),
            dailyMinor: big(row?.tier3_daily_minor ?? null),
            monthlyMinor: big(row?.tier3_monthly_minor ?? null),
            currency: row?.tier3_currency ?? null,
          },
          accountTierLimits: ([0, 1, 2, 3] as const).map((tier) => {
            const changed = custom.get(tier);
            return changed
              ? { tier, perTransaction: big(changed.per_transaction_major), daily: big(changed.daily_major), monthly: big(changed.monthly_major) }
              : { tier, ...ACCOUNT_TIER_LIMITS[tier] };
          }),
        };
      });
    },

    /** The tenant's agent settings; fields left out stay as they are, a null clears. */
    async updatePolicy(request: RequestContext, input: TenantPolicyUpdate): Promise<Result<null>> {
      if (input.timeZone != null && !isTimeZone(input.timeZone)) return badInput('input.timeZone', 'is not an IANA time zone (such as America/Mexico_City)');
      if (input.approvalTtlSeconds != null && (!Number.isInteger(input.approvalTtlSeconds) || input.approvalTtlSeconds < 60 || input.approvalTtlSeconds > 2_592_000)) {
        return badInput('input.approvalTtlSeconds', 'must be from 60 to 2592000 (30 days)');
      }
      const amounts: Record<string, { minor: string | null; currency: string | null } | undefined> = {};
      for (const field of ['approvalThreshold', 'tier3PerTransaction', 'tier3Daily', 'tier3Monthly'] as const) {
        const value = input[field];
        if (value === undefined) continue;
        if (value === null) {
          amounts[field] = { minor: null, currency: null };
          continue;
        }
        const parsed = parseAmount(value.amount, value.currency);
        if (!parsed.ok) return badInput(`input.${field}`, parsed.problem.message);
        if (parsed.minor < 0n || parsed.minor > 10n ** 17n) return badInput(`input.${field}.amount`, 'must be from 0 to 10^17 minor units');
        amounts[field] = { minor: parsed.minor.toString(), currency: findCurrency(value.currency)!.code };
      }
      const tier3 = [amounts.tier3PerTransaction, amounts.tier3Daily, amounts.tier3Monthly].filter((value) => value?.currency);
      if (new Set(tier3.map((value) => value!.currency)).size > 1) return badInput('input.tier3Daily.currency', 'the tier-3 limits must share one currency');
      for (const [index, row] of (input.accountTierLimits ?? []).entries()) {
        if (!Number.isInteger(row.tier) || row.tier < 0 || row.tier > 3) return badInput(`input.accountTierLimits.${index}.tier`, 'must be 0 to 3');
        for (const field of ['perTransaction', 'daily', 'monthly'] as const) {
          const value = row[field];
          if (value != null && !WHOLE.test(value)) return badInput(`input.accountTierLimits.${index}.${field}`, 'must be a whole number of units');
        }
      }
      const scope = tenantScope(request);
      await withTenant(dataSource, scope, async (manager) => {
        await manager.query(
          `INSERT INTO agents.tenant_policies AS p (tenant_id, livemode, time_zone, approval_ttl_seconds) VALUES ($1, $2, COALESCE($3, 'UTC'), COALESCE($4, 86400))
           ON CONFLICT (tenant_id, livemode) DO UPDATE SET
             time_zone = COALESCE($3, p.time_zone), approval_ttl_seconds = COALESCE($4, p.approval_ttl_seconds), version = p.version + 1, updated_at = now()`,
          [scope.tenantId, scope.livemode, input.timeZone ?? null, input.approvalTtlSeconds ?? null],
        );
        if (amounts.approvalThreshold) {
          await manager.query('UPDATE agents.tenant_policies SET approval_threshold_minor = $3, approval_threshold_currency = $4 WHERE tenant_id = $1 AND livemode = $2', [
            scope.tenantId, scope.livemode, amounts.approvalThreshold.minor, amounts.approvalThreshold.currency,
          ]);
        }
        const tier3Columns = [['tier3PerTransaction', 'tier3_per_transaction_minor'], ['tier3Daily', 'tier3_daily_minor'], ['tier3Monthly', 'tier3_monthly_minor']] as const;
        for (const [field, column] of tier3Columns) {
          const value = amounts[field];
          if (!value) continue;
          await manager.query(`UPDATE agents.tenant_policies SET ${column} = $3, tier3_currency = COALESCE($4, tier3_currency) WHERE tenant_id = $1 AND livemode = $2`, [
            scope.tenantId, scope.livemode, value.minor, value.currency,
          ]);
        }
        for (const row of input.accountTierLimits ?? []) {
          await manager.query(
            `INSERT INTO agents.account_tier_limits (tenant_id, livemode, tier, per_transaction_major, daily_major, monthly_major) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (tenant_id, livemode, tier) DO UPDATE SET per_transaction_major = $4, daily_major = $5, monthly_major = $6`,
            [scope.tenantId, scope.livemode, row.tier, row.perTransaction ?? null, row.daily ?? null, row.monthly ?? null],
          );
        }
        // Every agent's effective limits may have changed; gateways need not re-check tokens for it.
        await recordEvent(manager, scope, {
          type: 'agent_policy.updated',
          entityType: 'TenantAgentPolicy',
          entityId: scope.tenantId,
          entityVersion: 1,
          payload: { changed: Object.keys(input).filter((key) => (input as Record<string, unknown>)[key] !== undefined) },
          actor: request.actor,
        });
      });
      return ok(null);
    },
  };
}
