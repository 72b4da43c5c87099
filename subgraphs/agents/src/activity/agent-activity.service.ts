import type { DataSource } from 'typeorm';
import { isUuid, tenantScope, type RequestContext } from '@orquesta/context';
import { readForTenant } from '@orquesta/db';
import { ok, toConnection, type Connection, type PageRequest, type Result } from '@orquesta/graphql';
import { formatAmount, toMoney } from '@orquesta/money';
import type { AgentControlsView } from '../limits/agent-limits.service';
import { ACTIVITY_COLUMNS, type ActivityRow } from './agent-activity.record';
import { AgentInsightKind, InsightSeverity } from './agent-activity.type';

export interface ActivityCounts {
  readonly actionsToday: number;
  readonly done30d: number;
  readonly total30d: number;
  readonly refusedLast24h: number;
  readonly refusedPrevious24h: number;
  readonly pendingApprovals: number;
}

export interface Insight {
  readonly kind: AgentInsightKind;
  readonly severity: InsightSeverity;
  readonly message: string;
  readonly value: number | null;
}

/** The GraphQL view of an activity row. */
export function activityFromRow(row: ActivityRow) {
  const money = (minor: string | null) => (minor === null || row.currency === null ? null : toMoney(BigInt(minor), row.currency));
  return {
    id: row.id,
    agentId: row.agent_id,
    action: row.action,
    outcome: row.outcome,
    amount: money(row.amount_minor),
    counterparty: row.counterparty,
    reasoning: row.reasoning ? `${row.reasoning}\n— ${row.explanation}` : row.explanation,
    limitCheck: row.used_minor === null ? null : { limit: money(row.limit_minor), used: money(row.used_minor)!, remaining: money(row.remaining_minor) },
    transfer: row.transfer_id ? { id: row.transfer_id } : null,
    createdAt: row.created_at,
  };
}

const PERCENT_HIGH = 80n;

/** What deserves a look, from real figures: limit usage ≥ 80 %, refusals rising, stream budget ≥ 80 % used, approvals waiting. */
export function insightsFrom(controls: AgentControlsView | undefined, counts: ActivityCounts): Insight[] {
  const insights: Insight[] = [];
  if (controls) {
    const { limits, usage } = controls;
    for (const [label, used, limit] of [['daily', usage.todayMinor, limits.daily], ['monthly', usage.monthMinor, limits.monthly]] as const) {
      if (limit === null || limit === 0n) continue;
      const percent = (used * 100n) / limit;
      if (percent >= PERCENT_HIGH) {
        insights.push({
          kind: AgentInsightKind.LIMIT_USAGE_HIGH,
          severity: percent >= 100n ? InsightSeverity.CRITICAL : InsightSeverity.WARNING,
          message: `${percent}% of the ${label} limit used (${formatAmount(used, usage.currency)} of ${formatAmount(limit, usage.currency)} ${usage.currency}).`,
          value: Number(percent),
        });
      }
    }
  }
  if (counts.refusedLast24h > counts.refusedPrevious24h && counts.refusedLast24h >= 2) {
    insights.push({
      kind: AgentInsightKind.REFUSALS_RISING,
      severity: InsightSeverity.WARNING,
      message: `${counts.refusedLast24h} refused actions in the last 24 hours, up from ${counts.refusedPrevious24h} the day before.`,
      value: counts.refusedLast24h,
    });
  }
  const outflowMax = controls?.limits.streams.maxOutflow ?? null;
  if (controls && outflowMax !== null && outflowMax > 0n && controls.usage.activeStreams > 0) {
    const percent = (controls.usage.streamFlowPerMonthMinor * 100n) / outflowMax;
    if (percent >= PERCENT_HIGH) {
      insights.push({
        kind: AgentInsightKind.STREAM_BUDGET_LOW,
        severity: InsightSeverity.WARNING,
        message: `Open streams use ${percent}% of the agent's monthly stream outflow; new streams will soon be refused.`,
        value: Number(percent),
      });
    }
  }
  if (counts.pendingApprovals > 0) {
    insights.push({
      kind: AgentInsightKind.APPROVALS_WAITING,
      severity: InsightSeverity.INFO,
      message: `${counts.pendingApprovals} action${counts.pendingApprovals === 1 ? '' : 's'} waiting for approval.`,
      value: counts.pendingApprovals,
    });
  }
  return insights;
}

export type AgentActivityService = ReturnType<typeof createAgentActivityService>;

export function createAgentActivityService({ dataSource }: { dataSource: DataSource }) {
  return {
    async list(request: RequestContext, agentId: string, page: PageRequest): Promise<Result<Connection<ActivityRow>>> {
      if (!isUuid(agentId)) return ok(toConnection([], page));
      const scope = tenantScope(request);
      const rows = await readForTenant<ActivityRow>(
        dataSource,
        scope,
        `SELECT ${ACTIVITY_COLUMNS} FROM agents.activities
          WHERE tenant_id = $1 AND livemode = $2 AND agent_id = $3 AND ($4::uuid IS NULL OR id < $4::uuid) ORDER BY id DESC LIMIT $5`,
        [scope.tenantId, scope.livemode, agentId, page.afterId ?? null, page.limit + 1],
      );
      return ok(toConnection(rows, page));
    },

    async getMany(request: RequestContext, ids: readonly string[]): Promise<ActivityRow[]> {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      const scope = tenantScope(request);
      return readForTenant<ActivityRow>(dataSource, scope, `SELECT ${ACTIVITY_COLUMNS} FROM agents.activities WHERE tenant_id = $1 AND livemode = $2 AND id = ANY($3::uuid[])`, [
        scope.tenantId, scope.livemode, valid,
      ]);
    },

    /** Counts behind stats and insights, for many agents in one statement (days in the tenant's zone). */
    async countsFor(request: RequestContext, agentIds: readonly string[]): Promise<Map<string, ActivityCounts>> {
      const valid = agentIds.filter(isUuid);
      if (valid.length === 0) return new Map();
      const scope = tenantScope(request);
      const rows = await readForTenant<{ agent_id: string; today: number; done30: number; total30: number; refused24: number; refused48: number; pending: number }>(
        dataSource,
        scope,
        `WITH zone AS (SELECT COALESCE((SELECT time_zone FROM agents.tenant_policies WHERE tenant_id = $1 AND livemode = $2), 'UTC') AS tz)
         SELECT ids.agent_id,
                (SELECT count(*) FROM agents.activities a, zone WHERE a.tenant_id = $1 AND a.livemode = $2 AND a.agent_id = ids.agent_id
                    AND a.created_at >= date_trunc('day', now() AT TIME ZONE zone.tz) AT TIME ZONE zone.tz)::int AS today,
                (SELECT count(*) FILTER (WHERE outcome <> 'refused') FROM agents.activities a WHERE a.tenant_id = $1 AND a.livemode = $2 AND a.agent_id = ids.agent_id
                    AND a.created_at >= now() - interval '30 days')::int AS done30,
                (SELECT count(*) FROM agents.activities a WHERE a.tenant_id = $1 AND a.livemode = $2 AND a.agent_id = ids.agent_id
                    AND a.created_at >= now() - interval '30 days')::int AS total30,
                (SELECT count(*) FROM agents.activities a WHERE a.tenant_id = $1 AND a.livemode = $2 AND a.agent_id = ids.agent_id
                    AND a.outcome = 'refused' AND a.created_at >= now() - interval '24 hours')::int AS refused24,
                (SELECT count(*) FROM agents.activities a WHERE a.tenant_id = $1 AND a.livemode = $2 AND a.agent_id = ids.agent_id
                    AND a.outcome = 'refused' AND a.created_at >= now() - interval '48 hours' AND a.created_at < now() - interval '24 hours')::int AS refused48,
                (SELECT count(*) FROM agents.approvals p WHERE p.tenant_id = $1 AND p.livemode = $2 AND p.agent_id = ids.agent_id AND p.status = 'pending')::int AS pending
           FROM unnest($3::uuid[]) AS ids (agent_id)`,
        [scope.tenantId, scope.livemode, valid],
      );
      return new Map(
        rows.map((row) => [row.agent_id, {
          actionsToday: row.today,
          done30d: row.done30,
          total30d: row.total30,
          refusedLast24h: row.refused24,
          refusedPrevious24h: row.refused48,
          pendingApprovals: row.pending,
        }]),
      );
    },
  };
}
