import type { DataSource, EntityManager } from 'typeorm';
import { prepareAgentSpend, recordAgentRefusal, reserveAgentUsage, type AgentSpendPlan } from '@orquesta/agents';
import { tenantScope, type RequestContext } from '@orquesta/context';
import { ok, type DomainError, type Result } from '@orquesta/graphql';
import { parseAmount } from '@orquesta/money';

/** What an agent's money mutation asks for, for its limits and its activity log. */
export interface AgentSpendRequest {
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly action: 'internal_transfer' | 'payout';
  readonly counterparty: string;
  readonly reasoning?: string | null;
}

// Holds waiting for approval outlive the approval by a day: the approval's own expiry releases them first.
export const APPROVAL_HOLD_MARGIN_MS = 86_400_000;

/**
 * In the movement's transaction, before the money moves: for an agent, checks it may act and
 * whether the movement waits for approval; for anyone else, null (nothing to do).
 */
export async function prepareForAgent(
  manager: EntityManager,
  request: RequestContext,
  spend: AgentSpendRequest & { readonly reference: string },
): Promise<Result<AgentSpendPlan | null>> {
  if (request.actor.type !== 'agent') return ok(null);
  return prepareAgentSpend(manager, tenantScope(request), request.actor, { agentId: request.actor.id, ...spend });
}

/**
 * In the same transaction, after the ledger moved (or held) the money and never on a replay:
 * reserves the agent's usage and records its activity; a refusal must roll everything back.
 */
export async function reserveForAgent(manager: EntityManager, request: RequestContext, plan: AgentSpendPlan | null): Promise<Result<null>> {
  if (!plan) return ok(null);
  const reserved = await reserveAgentUsage(manager, tenantScope(request), plan);
  return reserved.ok ? ok(null) : reserved;
}

function explain(error: DomainError): { explanation: string; limitCheck: { limitMinor: bigint | null; usedMinor: bigint; remainingMinor: bigint | null } | null } {
  switch (error.code) {
    case 'AGENT_LIMIT_EXCEEDED': {
      const minor = (value: string) => {
        const parsed = parseAmount(value, error.currency);
        return parsed.ok ? parsed.minor : 0n;
      };
      return {
        explanation: `Refused: ${error.requested} ${error.currency} asked, ${error.remaining} left of the ${error.window} limit of ${error.limit} (${error.used} used). Nothing moved.`,
        limitCheck: { limitMinor: minor(error.limit), usedMinor: minor(error.used), remainingMinor: minor(error.remaining) },
      };
    }
    case 'INSUFFICIENT_FUNDS':
      return { explanation: `Refused: insufficient funds (${error.available} ${error.currency} available). Nothing moved.`, limitCheck: null };
    case 'FORBIDDEN':
      return { explanation: `Refused: missing permission ${error.permission}. Nothing moved.`, limitCheck: null };
    default:
      return { explanation: `Refused (${error.code}). Nothing moved.`, limitCheck: null };
  }
}

/** After the movement's transaction rolled back: the agent's refused action, in its own transaction. */
export async function recordRefusalForAgent(dataSource: DataSource, request: RequestContext, spend: AgentSpendRequest, error: DomainError): Promise<void> {
  if (request.actor.type !== 'agent' || error.code === 'IDEMPOTENCY_KEY_REUSED') return;
  const { explanation, limitCheck } = explain(error);
  await recordAgentRefusal(dataSource, tenantScope(request), request.actor, {
    agentId: request.actor.id,
    action: spend.action,
    amountMinor: spend.amountMinor,
    currency: spend.currency,
    counterparty: spend.counterparty,
    reasoning: spend.reasoning,
    explanation,
    limitCheck,
    transferId: null,
  });
}
