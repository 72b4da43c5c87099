import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@orquesta/context';
import { uuidv7, withTenant, type TenantScope } from '@orquesta/db';
import { eventsInsert, type AlongsideStatement } from '@orquesta/events';

export type ActivityOutcome = 'done' | 'refused' | 'pending';

/** One thing an agent did or tried: a transfer, a payout, a stream… with why, in its words and ours. */
export interface AgentAction {
  readonly agentId: string;
  /** What it tried: 'internal_transfer', 'payout', 'stream'… */
  readonly action: string;
  readonly outcome: ActivityOutcome;
  readonly amountMinor?: bigint | null;
  readonly currency?: string | null;
  /** Who it paid: an account id or a payout destination, as text. */
  readonly counterparty?: string | null;
  /** The agent's own free text, as it sent it. */
  readonly reasoning?: string | null;
  /** The platform's explanation (why it was refused, what it waits for). */
  readonly explanation: string;
  readonly limitCheck?: { readonly limitMinor: bigint | null; readonly usedMinor: bigint; readonly remainingMinor: bigint | null } | null;
  readonly transferId?: string | null;
}

export interface ActivityRow {
  id: string;
  tenant_id: string;
  livemode: boolean;
  agent_id: string;
  action: string;
  outcome: ActivityOutcome;
  amount_minor: string | null;
  currency: string | null;
  counterparty: string | null;
  reasoning: string | null;
  explanation: string;
  limit_minor: string | null;
  used_minor: string | null;
  remaining_minor: string | null;
  transfer_id: string | null;
  created_at: Date;
}

export const ACTIVITY_COLUMNS =
  'id, tenant_id, livemode, agent_id, action, outcome, amount_minor::text, currency, counterparty, reasoning, explanation, limit_minor::text, used_minor::text, remaining_minor::text, transfer_id, created_at';

/** The event that carries a new activity to `agentActivity(agentId)` subscribers. */
export const ACTIVITY_EVENT = 'agent.activity_recorded';

const REASONING_LENGTH_MAX = 2000;

/**
 * The activity row and its event, as statements the caller runs with its own writes (the
 * ledger's `alongside`, so a recorded action commits with its money, in the same round trip).
 */
export function activityStatements(scope: TenantScope, actor: Actor, action: AgentAction): AlongsideStatement[] {
  const id = uuidv7();
  const limit = action.limitCheck ?? null;
  return [
    {
      name: 'agents_insert_activity',
      sql: `INSERT INTO agents.activities (id, tenant_id, livemode, agent_id, action, outcome, amount_minor, currency, counterparty, reasoning, explanation,
              limit_minor, used_minor, remaining_minor, transfer_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      params: [
        id, scope.tenantId, scope.livemode, action.agentId, action.action, action.outcome,
        action.amountMinor?.toString() ?? null, action.currency ?? null, action.counterparty?.slice(0, 200) ?? null,
        action.reasoning?.slice(0, REASONING_LENGTH_MAX) ?? null, action.explanation,
        limit?.limitMinor?.toString() ?? null, limit?.usedMinor.toString() ?? null, limit?.remainingMinor?.toString() ?? null, action.transferId ?? null,
      ],
    },
    eventsInsert(scope, [{
      type: ACTIVITY_EVENT,
      entityType: 'Agent',
      entityId: action.agentId,
      entityVersion: 1,
      payload: { activityId: id, agentId: action.agentId, action: action.action, outcome: action.outcome, transferId: action.transferId ?? null },
      actor,
    }]),
  ];
}

/** Runs the activity's statements now, in the caller's transaction. */
export async function recordAgentActivity(manager: EntityManager, scope: TenantScope, actor: Actor, action: AgentAction): Promise<void> {
  for (const statement of activityStatements(scope, actor, action)) await manager.query(statement.sql, [...statement.params]);
}

/**
 * Records a refused action in its own transaction: the movement's transaction has rolled
 * back (nothing moved), yet the refusal belongs in the agent's activity and live feed.
 */
export async function recordAgentRefusal(dataSource: DataSource, scope: TenantScope, actor: Actor, action: Omit<AgentAction, 'outcome'>): Promise<void> {
  await withTenant(dataSource, scope, (manager) => recordAgentActivity(manager, scope, actor, { ...action, outcome: 'refused' }));
}
