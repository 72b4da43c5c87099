import type { EntityManager } from 'typeorm';
import { accountVerificationTiers } from '@orquesta/accounts';
import type { Actor } from '@orquesta/context';
import { queryPrepared, uuidv7, type TenantScope } from '@orquesta/db';
import { eventsInsert, shiftPlaceholders, type AlongsideStatement, type NewEvent } from '@orquesta/events';
import { badInput, fail, notFound, ok, type DomainError, type Result } from '@orquesta/graphql';
import { formatAmount } from '@orquesta/money';
import { ACTIVITY_EVENT } from '../activity/agent-activity.record';
import { approvalWrites } from '../approvals/approval.record';
import { AGENT_CONTROL_COLUMNS, limitsOf, type AgentControlRow } from './agent-controls';
import { localPeriods, type LimitWindow } from './agent-limits';

/** A movement an agent asks for, as the money path knows it. */
export interface AgentSpend {
  readonly agentId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** The transfer the usage is reserved for: releasing it names the same id. */
  readonly reference: string;
  /** 'internal_transfer', 'payout'… (the activity's action). */
  readonly action: string;
  readonly counterparty: string;
  readonly reasoning?: string | null;
}

export interface LimitCheck {
  readonly window: LimitWindow;
  readonly limitMinor: bigint | null;
  readonly usedMinor: bigint;
  readonly remainingMinor: bigint | null;
}

/** What `prepareAgentSpend` decided, for `reserveAgentUsage` once the money has moved. */
export interface AgentSpendPlan {
  readonly spend: AgentSpend;
  readonly actor: Actor;
  /** Above the approval threshold: hold the money, record `pending_approval`, wait for a human. */
  readonly approval: { readonly id: string; readonly expiresAt: Date } | null;
  /** The approval request and its event, to write with the held movement (the money path's `writes` and `events`). */
  readonly writes: readonly AlongsideStatement[];
  readonly events: readonly NewEvent[];
  readonly limits: { readonly daily: bigint | null; readonly monthly: bigint | null };
  readonly day: string;
  readonly month: string;
  readonly explanation: string;
}

interface CounterRow {
  used_day_minor: string;
  used_month_minor: string;
}

// One statement: bump the agent's counters if both windows allow it (re-checked by PostgreSQL
// on the newest row after any lock wait), note the reservation, and record the activity with
// the figures it reached. Nothing is bumped when the upsert refuses; the event's insert is
// then rolled back with the caller's transaction, which a refusal always ends.
const RESERVE_CTES = `WITH bumped AS (
    INSERT INTO agents.usage_counters AS c (agent_id, tenant_id, livemode, day, used_day_minor, month, used_month_minor)
    SELECT $1, $2, $3, $4::date, $6::bigint, $5::date, $6::bigint
     WHERE ($7::bigint IS NULL OR $6::bigint <= $7::bigint) AND ($8::bigint IS NULL OR $6::bigint <= $8::bigint)
    ON CONFLICT (agent_id) DO UPDATE SET
      used_day_minor = (CASE WHEN c.day = EXCLUDED.day THEN c.used_day_minor ELSE 0 END) + EXCLUDED.used_day_minor,
      used_month_minor = (CASE WHEN c.month = EXCLUDED.month THEN c.used_month_minor ELSE 0 END) + EXCLUDED.used_month_minor,
      day = EXCLUDED.day,
      month = EXCLUDED.month
    WHERE ($7::bigint IS NULL OR (CASE WHEN c.day = EXCLUDED.day THEN c.used_day_minor ELSE 0 END) + EXCLUDED.used_day_minor <= $7::bigint)
      AND ($8::bigint IS NULL OR (CASE WHEN c.month = EXCLUDED.month THEN c.used_month_minor ELSE 0 END) + EXCLUDED.used_month_minor <= $8::bigint)
    RETURNING used_day_minor, used_month_minor),
  reserved AS (
    INSERT INTO agents.usage_reservations (id, tenant_id, livemode, agent_id, reference, amount_minor, currency, day, month)
    SELECT $9, $2, $3, $1, $10, $6::bigint, $11, $4::date, $5::date FROM bumped),
  activity AS (
    INSERT INTO agents.activities (id, tenant_id, livemode, agent_id, action, outcome, amount_minor, currency, counterparty, reasoning, explanation,
                                   limit_minor, used_minor, remaining_minor, transfer_id)
    SELECT $12, $2, $3, $1, $13, $14, $6::bigint, $11, $15, $16, $17, $7::bigint, b.used_day_minor, $7::bigint - b.used_day_minor, $10 FROM bumped b)`;
const RESERVE_PARAMS = 17;

function limitExceeded(window: LimitWindow | 'maxFlowRatePerMonth' | 'maxStreamOutflow', currency: string, limitMinor: bigint, usedMinor: bigint, requestedMinor: bigint): DomainError {
  const remaining = limitMinor > usedMinor ? limitMinor - usedMinor : 0n;
  return {
    code: 'AGENT_LIMIT_EXCEEDED',
    window,
    currency,
    limit: formatAmount(limitMinor, currency),
    used: formatAmount(usedMinor, currency),
    requested: formatAmount(requestedMinor, currency),
    remaining: formatAmount(remaining, currency),
  };
}

/** The agent's row with its tenant's policy and tier table, for the money path. */
export async function readAgentControls(manager: EntityManager, scope: TenantScope, agentId: string): Promise<AgentControlRow | undefined> {
  const [row] = await queryPrepared<AgentControlRow>(
    manager,
    'agents_read_controls',
    `SELECT ${AGENT_CONTROL_COLUMNS} FROM agents.agents a
       LEFT JOIN agents.tenant_policies p ON p.tenant_id = a.tenant_id AND p.livemode = a.livemode
      WHERE a.id = $1 AND a.tenant_id = $2 AND a.livemode = $3`,
    [agentId, scope.tenantId, scope.livemode],
  );
  return row;
}

/**
 * First half of an agent's movement, in its transaction, before the money moves: the agent
 * must be active, the amount in its currency and within its effective per-transaction limit;
 * above its approval threshold the movement will wait (the approval request rides along).
 */
export async function prepareAgentSpend(
  manager: EntityManager,
  scope: TenantScope,
  actor: Actor,
  spend: AgentSpend,
  now: Date = new Date(),
): Promise<Result<AgentSpendPlan>> {
  const agent = await readAgentControls(manager, scope, spend.agentId);
  if (!agent) return notFound('Agent', spend.agentId);
  // A token cached a moment before a pause must not get through on the money path either.
  if (agent.status !== 'active') return fail({ code: 'FORBIDDEN', permission: `agent:${agent.status}` });
  if (spend.currency !== agent.currency) return badInput('input.amount.currency', `this agent's limits are in ${agent.currency}; it moves only ${agent.currency}`);
  const tiers = await accountVerificationTiers(manager, scope, [agent.account_id]);
  const limits = limitsOf(agent, tiers.get(agent.account_id) ?? 0);
  if (limits.perTransaction !== null && spend.amountMinor > limits.perTransaction) {
    return fail(limitExceeded('perTransaction', spend.currency, limits.perTransaction, 0n, spend.amountMinor));
  }
  const { day, month } = localPeriods(now, agent.time_zone);
  const threshold = limits.approvalThreshold;
  const approval = threshold !== null && spend.amountMinor > threshold ? { id: uuidv7(), expiresAt: new Date(now.getTime() + agent.approval_ttl_seconds * 1000) } : null;
  const request = approval
    ? approvalWrites(scope, actor, {
        id: approval.id,
        agentId: agent.id,
        transferId: spend.reference,
        action: spend.action,
        amountMinor: spend.amountMinor,
        currency: spend.currency,
        reasoning: spend.reasoning ?? null,
        expiresAt: approval.expiresAt,
      })
    : { writes: [], events: [] };
  const explanation = approval
    ? `Above the approval threshold of ${formatAmount(threshold!, spend.currency)} ${spend.currency}: held until an owner or admin approves it (expires ${approval.expiresAt.toISOString()}).`
    : 'Within its permissions and effective limits.';
  return ok({ spend, actor, approval, writes: request.writes, events: request.events, limits: { daily: limits.daily, monthly: limits.monthly }, day, month, explanation });
}

/**
 * Second half, in the same transaction once the money has moved (or been held): reserves the
 * usage and records the activity, or refuses with AGENT_LIMIT_EXCEEDED — the caller then
 * rolls the whole movement back.
 *
 * The daily and monthly counters live in one row per agent, bumped by a single upsert whose
 * condition PostgreSQL re-checks on the newest row after any lock wait: concurrent requests
 * queue on that row and none passes a limit by one minor unit. The row stays locked until
 * the caller commits or rolls back.
 */
export async function reserveAgentUsage(manager: EntityManager, scope: TenantScope, plan: AgentSpendPlan): Promise<Result<LimitCheck>> {
  const { spend, limits } = plan;
  const activityId = uuidv7();
  const event = eventsInsert(scope, [{
    type: ACTIVITY_EVENT,
    entityType: 'Agent',
    entityId: spend.agentId,
    entityVersion: 1,
    payload: { activityId, agentId: spend.agentId, action: spend.action, outcome: plan.approval ? 'pending' : 'done', transferId: spend.reference },
    actor: plan.actor,
  }]);
  const params = [
    spend.agentId, scope.tenantId, scope.livemode, plan.day, plan.month, spend.amountMinor.toString(),
    limits.daily?.toString() ?? null, limits.monthly?.toString() ?? null, uuidv7(), spend.reference, spend.currency,
    activityId, spend.action, plan.approval ? 'pending' : 'done', spend.counterparty.slice(0, 200), spend.reasoning?.slice(0, 2000) ?? null, plan.explanation,
  ];
  const [counters] = await queryPrepared<CounterRow>(
    manager,
    'agents_reserve_usage',
    `${RESERVE_CTES},
  event AS (${shiftPlaceholders(event.sql, RESERVE_PARAMS)})
  SELECT used_day_minor::text, used_month_minor::text FROM bumped`,
    [...params, ...event.params],
  );
  if (!counters) {
    const used = await usageOn(manager, scope, spend.agentId, plan.day, plan.month);
    if (limits.daily !== null && used.dayMinor + spend.amountMinor > limits.daily) {
      return fail(limitExceeded('daily', spend.currency, limits.daily, used.dayMinor, spend.amountMinor));
    }
    return fail(limitExceeded('monthly', spend.currency, limits.monthly ?? 0n, used.monthMinor, spend.amountMinor));
  }
  const usedDay = BigInt(counters.used_day_minor);
  return ok({ window: 'daily', limitMinor: limits.daily, usedMinor: usedDay, remainingMinor: limits.daily === null ? null : limits.daily - usedDay });
}

/** What an agent has used in a day and a month (zero when the counter is on another period). */
export async function usageOn(manager: EntityManager, scope: TenantScope, agentId: string, day: string, month: string): Promise<{ dayMinor: bigint; monthMinor: bigint }> {
  const rows: Array<{ day_minor: string; month_minor: string }> = await manager.query(
    `SELECT CASE WHEN day = $4::date THEN used_day_minor ELSE 0 END::text AS day_minor,
            CASE WHEN month = $5::date THEN used_month_minor ELSE 0 END::text AS month_minor
       FROM agents.usage_counters WHERE agent_id = $1 AND tenant_id = $2 AND livemode = $3`,
    [agentId, scope.tenantId, scope.livemode, day, month],
  );
  return { dayMinor: BigInt(rows[0]?.day_minor ?? '0'), monthMinor: BigInt(rows[0]?.month_minor ?? '0') };
}

/**
 * Gives back the usage reserved for a movement that did not happen after all (a voided hold,
 * a failed or cancelled payout, a rejected or expired approval). Once per reference; a
 * reservation from an earlier day or month no longer counts there, so nothing comes back.
 */
export async function releaseAgentUsage(manager: EntityManager, scope: TenantScope, reference: string): Promise<void> {
  await manager.query(
    `WITH released AS (
       UPDATE agents.usage_reservations SET released_at = now()
        WHERE tenant_id = $1 AND livemode = $2 AND reference = $3 AND released_at IS NULL
        RETURNING agent_id, amount_minor, day, month)
     UPDATE agents.usage_counters c SET
       used_day_minor = CASE WHEN c.day = r.day THEN greatest(c.used_day_minor - r.amount_minor, 0) ELSE c.used_day_minor END,
       used_month_minor = CASE WHEN c.month = r.month THEN greatest(c.used_month_minor - r.amount_minor, 0) ELSE c.used_month_minor END
       FROM released r WHERE c.agent_id = r.agent_id`,
    [scope.tenantId, scope.livemode, reference],
  );
}

/**
 * For the streams module, in its transaction: counts a stream the agent opens against its
 * `maxActiveStreams`, `maxFlowRatePerMonth` and `maxStreamOutflow` (the same locked-upsert
 * guarantee as money usage). Undo with `releaseAgentStream` when the stream ends.
 */
export async function reserveAgentStream(
  manager: EntityManager,
  scope: TenantScope,
  input: { readonly agentId: string; readonly flowRatePerMonthMinor: bigint; readonly currency: string },
): Promise<Result<null>> {
  const agent = await readAgentControls(manager, scope, input.agentId);
  if (!agent) return notFound('Agent', input.agentId);
  if (agent.status !== 'active') return fail({ code: 'FORBIDDEN', permission: `agent:${agent.status}` });
  if (input.currency !== agent.currency) return badInput('input.currency', `this agent's limits are in ${agent.currency}`);
  const maxRate = agent.max_flow_rate_per_month_minor === null ? null : BigInt(agent.max_flow_rate_per_month_minor);
  if (maxRate !== null && input.flowRatePerMonthMinor > maxRate) {
    return fail(limitExceeded('maxFlowRatePerMonth', input.currency, maxRate, 0n, input.flowRatePerMonthMinor));
  }
  const { day, month } = localPeriods(new Date(), agent.time_zone);
  const rows: Array<{ active_streams: number }> = await manager.query(
    `INSERT INTO agents.usage_counters AS c (agent_id, tenant_id, livemode, day, used_day_minor, month, used_month_minor, active_streams, stream_flow_per_month_minor)
     SELECT $1, $2, $3, $4::date, 0, $5::date, 0, 1, $6::bigint WHERE $7::int >= 1 AND ($8::bigint IS NULL OR $6::bigint <= $8::bigint)
     ON CONFLICT (agent_id) DO UPDATE SET active_streams = c.active_streams + 1, stream_flow_per_month_minor = c.stream_flow_per_month_minor + $6::bigint
      WHERE c.active_streams + 1 <= $7::int AND ($8::bigint IS NULL OR c.stream_flow_per_month_minor + $6::bigint <= $8::bigint)
     RETURNING active_streams`,
    [agent.id, scope.tenantId, scope.livemode, day, month, input.flowRatePerMonthMinor.toString(), agent.max_active_streams, agent.max_stream_outflow_minor],
  );
  if (rows.length > 0) return ok(null);
  const [current] = (await manager.query(
    'SELECT active_streams, stream_flow_per_month_minor::text AS flow FROM agents.usage_counters WHERE agent_id = $1 AND tenant_id = $2 AND livemode = $3',
    [agent.id, scope.tenantId, scope.livemode],
  )) as Array<{ active_streams: number; flow: string }>;
  const active = current?.active_streams ?? 0;
  if (active + 1 > agent.max_active_streams) {
    return fail({ code: 'AGENT_LIMIT_EXCEEDED', window: 'maxActiveStreams', currency: input.currency, limit: String(agent.max_active_streams), used: String(active), requested: '1', remaining: String(Math.max(0, agent.max_active_streams - active)) });
  }
  return fail(limitExceeded('maxStreamOutflow', input.currency, BigInt(agent.max_stream_outflow_minor ?? '0'), BigInt(current?.flow ?? '0'), input.flowRatePerMonthMinor));
}

/** A stream the agent opened has ended: it no longer counts. */
export async function releaseAgentStream(manager: EntityManager, scope: TenantScope, input: { readonly agentId: string; readonly flowRatePerMonthMinor: bigint }): Promise<void> {
  await manager.query(
    `UPDATE agents.usage_counters SET active_streams = greatest(active_streams - 1, 0),
            stream_flow_per_month_minor = greatest(stream_flow_per_month_minor - $4::bigint, 0)
      WHERE agent_id = $1 AND tenant_id = $2 AND livemode = $3`,
    [input.agentId, scope.tenantId, scope.livemode, input.flowRatePerMonthMinor.toString()],
  );
}
