import type { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '@orquesta/context';
import { isUuid, tenantScope } from '@orquesta/context';
import { readForTenant, uuidv7, withTenant, type TenantScope } from '@orquesta/db';
import { badInput, notFound, ok, type Result } from '@orquesta/graphql';
import { findCorridor, findRail, railFeeMinor, railsOf, type CorridorDefinition, type RailDefinition } from '../rails/rail.catalogue';

/** One rail weighed for a payout. */
export interface RouteAlternative {
  readonly rail: string;
  readonly eligible: boolean;
  /** Why it is ineligible, or how it scored. */
  readonly reason: string;
  /** Higher is better; 0 when ineligible. Scores are ratios, never money. */
  readonly score: number;
  readonly feeMinor: string;
  readonly currency: string;
  readonly settlementSeconds: number;
  /** Share of this tenant's recent payouts on the rail that succeeded (1 with no history). */
  readonly successRate: number;
}

/** The recorded decision: which rails, in which order, and why. Stored with the payout. */
export interface RouteDecision {
  readonly corridor: string;
  /** The rails to try in order: the first, then the fallback chain. */
  readonly chain: readonly string[];
  readonly ruleId: string | null;
  readonly reasoning: string;
  readonly alternatives: readonly RouteAlternative[];
  readonly decidedAt: string;
}

export interface RoutingRule {
  readonly id: string;
  readonly corridor: string;
  readonly minAmountMinor: bigint | null;
  readonly maxAmountMinor: bigint | null;
  readonly rails: readonly string[];
  readonly createdAt: Date;
}

interface RuleRow {
  id: string;
  corridor: string;
  min_amount_minor: string | null;
  max_amount_minor: string | null;
  rails: string[];
  created_at: Date;
}

function ruleFromRow(row: RuleRow): RoutingRule {
  return {
    id: row.id,
    corridor: row.corridor,
    minAmountMinor: row.min_amount_minor === null ? null : BigInt(row.min_amount_minor),
    maxAmountMinor: row.max_amount_minor === null ? null : BigInt(row.max_amount_minor),
    rails: row.rails,
    createdAt: row.created_at,
  };
}

const RULE_COLUMNS = 'id, corridor, min_amount_minor::text, max_amount_minor::text, rails, created_at';
// How much each criterion weighs in a score (sums to 1).
const WEIGHT_COST = 0.5;
const WEIGHT_SPEED = 0.2;
const WEIGHT_SUCCESS = 0.3;
const SUCCESS_WINDOW = 50;
const RULES_PER_TENANT_MAX = 100;

export interface NewRoutingRule {
  readonly corridor: string;
  readonly minAmountMinor?: bigint | null;
  readonly maxAmountMinor?: bigint | null;
  readonly rails: readonly string[];
}

export type RoutingService = ReturnType<typeof createRoutingService>;

/**
 * Routing, as Hyperswitch does it: a tenant's rule (corridor and amount range → ordered rails)
 * wins when one matches; otherwise eligible rails are scored on cost for this amount,
 * settlement speed and the rolling success rate. Ineligible rails (amount outside their
 * limits) stay in the record with the reason, so a decision can always be explained.
 */
export function createRoutingService({ dataSource }: { dataSource: DataSource }) {
  async function successRates(manager: EntityManager, scope: TenantScope, rails: readonly string[]): Promise<Map<string, number>> {
    const rows: Array<{ rail: string; succeeded: number; finished: number }> = await manager.query(
      `SELECT rail, count(*) FILTER (WHERE final_status = 'succeeded')::int AS succeeded, count(*)::int AS finished FROM (
         SELECT rail, final_status, row_number() OVER (PARTITION BY rail ORDER BY created_at DESC) AS n
           FROM treasury.rail_simulator_payouts
          WHERE tenant_id = $1 AND livemode = $2 AND rail = ANY($3::text[]) AND complete_at <= now()) recent
        WHERE n <= $4 GROUP BY rail`,
      [scope.tenantId, scope.livemode, rails, SUCCESS_WINDOW],
    );
    return new Map(rows.map((row) => [row.rail, row.finished === 0 ? 1 : row.succeeded / row.finished]));
  }

  async function matchingRule(manager: EntityManager, scope: TenantScope, corridor: string, amountMinor: bigint): Promise<RoutingRule | null> {
    const rows: RuleRow[] = await manager.query(
      `SELECT ${RULE_COLUMNS} FROM treasury.routing_rules
        WHERE tenant_id = $1 AND livemode = $2 AND corridor = $3
          AND (min_amount_minor IS NULL OR min_amount_minor <= $4) AND (max_amount_minor IS NULL OR max_amount_minor >= $4)
        ORDER BY created_at DESC LIMIT 1`,
      [scope.tenantId, scope.livemode, corridor, amountMinor.toString()],
    );
    return rows[0] ? ruleFromRow(rows[0]) : null;
  }

  function weigh(definition: RailDefinition, amountMinor: bigint, successRate: number, cheapest: bigint, fastest: number): RouteAlternative {
    const feeMinor = railFeeMinor(definition, amountMinor);
    const base = { rail: definition.code, feeMinor: feeMinor.toString(), currency: definition.currency, settlementSeconds: definition.settlementSeconds, successRate };
    if (amountMinor < definition.minAmountMinor) return { ...base, eligible: false, score: 0, reason: 'amount below the rail minimum' };
    if (amountMinor > definition.maxAmountMinor) return { ...base, eligible: false, score: 0, reason: 'amount above the rail maximum' };
    // Each criterion as a ratio to the best candidate's (1 = the best).
    const cost = feeMinor === 0n ? 1 : Number(cheapest) / Number(feeMinor);
    const speed = fastest / definition.settlementSeconds;
    const score = Math.round((WEIGHT_COST * cost + WEIGHT_SPEED * speed + WEIGHT_SUCCESS * successRate) * 1000) / 1000;
    return { ...base, eligible: true, score, reason: `cost ${cost.toFixed(2)}, speed ${speed.toFixed(2)}, success ${successRate.toFixed(2)}` };
  }

  return {
    /**
     * Decides the rails for a payout of `amountMinor` (delivered currency) on a corridor, in
     * the caller's tenant transaction. Returns a decision with an empty chain when no rail can
     * carry it.
     */
    async decide(manager: EntityManager, scope: TenantScope, corridor: CorridorDefinition, amountMinor: bigint, now = new Date()): Promise<RouteDecision> {
      const candidates = corridor.network ? railsOf(corridor.network) : [];
      const rates = await successRates(manager, scope, candidates.map((definition) => definition.code));
      const inRange = candidates.filter((definition) => amountMinor >= definition.minAmountMinor && amountMinor <= definition.maxAmountMinor);
      const cheapest = inRange.reduce((least, definition) => {
        const fee = railFeeMinor(definition, amountMinor);
        return least === null || fee < least ? fee : least;
      }, null as bigint | null) ?? 1n;
      const fastest = Math.min(...inRange.map((definition) => definition.settlementSeconds), Number.MAX_SAFE_INTEGER);
      const alternatives = candidates
        .map((definition) => weigh(definition, amountMinor, rates.get(definition.code) ?? 1, cheapest === 0n ? 1n : cheapest, fastest))
        .sort((a, b) => b.score - a.score || a.rail.localeCompare(b.rail));
      const eligible = alternatives.filter((alternative) => alternative.eligible).map((alternative) => alternative.rail);

      const rule = await matchingRule(manager, scope, corridor.code, amountMinor);
      if (rule) {
        const ordered = rule.rails.filter((rail) => eligible.includes(rail));
        // Rails the rule leaves out still serve as the last fallback, best score first.
        const chain = [...ordered, ...eligible.filter((rail) => !ordered.includes(rail))];
        return {
          corridor: corridor.code,
          chain,
          ruleId: rule.id,
          reasoning: `rule ${rule.id} orders ${rule.rails.join(' > ')} for ${corridor.code}; the other eligible rails follow by score`,
          alternatives,
          decidedAt: now.toISOString(),
        };
      }
      const best = alternatives[0];
      return {
        corridor: corridor.code,
        chain: eligible,
        ruleId: null,
        reasoning: eligible.length === 0
          ? `no rail on ${corridor.code} can carry this amount`
          : `no routing rule matched; ${best.rail} scored highest (${best.reason}); fallback by score: ${eligible.slice(1).join(' > ') || 'none'}`,
        alternatives,
        decidedAt: now.toISOString(),
      };
    },

    async listRules(request: RequestContext): Promise<RoutingRule[]> {
      const scope = tenantScope(request);
      const rows = await readForTenant<RuleRow>(
        dataSource,
        scope,
        `SELECT ${RULE_COLUMNS} FROM treasury.routing_rules WHERE tenant_id = $1 AND livemode = $2 ORDER BY created_at DESC LIMIT $3`,
        [scope.tenantId, scope.livemode, RULES_PER_TENANT_MAX],
      );
      return rows.map(ruleFromRow);
    },

    async createRule(request: RequestContext, input: NewRoutingRule): Promise<Result<RoutingRule>> {
      const [from, to] = input.corridor.split('-');
      const corridor = from && to ? findCorridor(from, to) : undefined;
      if (!corridor || !corridor.network) return badInput('input.corridor', `"${input.corridor.slice(0, 20)}" is not a served corridor`);
      if (input.rails.length === 0 || input.rails.length > 10) return badInput('input.rails', 'must name 1 to 10 rails');
      for (const rail of input.rails) {
        if (findRail(rail)?.network !== corridor.network) return badInput('input.rails', `${rail.slice(0, 40)} does not serve ${corridor.code}`);
      }
      const min = input.minAmountMinor ?? null;
      const max = input.maxAmountMinor ?? null;
      if (min !== null && min < 0n) return badInput('input.minAmount', 'must not be negative');
      if (min !== null && max !== null && max < min) return badInput('input.maxAmount', 'must not be below minAmount');
      const scope = tenantScope(request);
      const row: RuleRow[] = await withTenant(dataSource, scope, (manager) =>
        manager.query(
          `INSERT INTO treasury.routing_rules (id, tenant_id, livemode, corridor, min_amount_minor, max_amount_minor, rails)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${RULE_COLUMNS}`,
          [uuidv7(), scope.tenantId, scope.livemode, corridor.code, min?.toString() ?? null, max?.toString() ?? null, input.rails],
        ),
      );
      return ok(ruleFromRow(row[0]));
    },

    async deleteRule(request: RequestContext, id: string): Promise<Result<string>> {
      if (!isUuid(id)) return notFound('RoutingRule', id);
      const scope = tenantScope(request);
      const gone: unknown[] = await withTenant(dataSource, scope, (manager) =>
        manager.query('WITH gone AS (DELETE FROM treasury.routing_rules WHERE tenant_id = $1 AND livemode = $2 AND id = $3 RETURNING id) SELECT id FROM gone', [scope.tenantId, scope.livemode, id]),
      );
      return gone.length > 0 ? ok(id) : notFound('RoutingRule', id);
    },
  };
}
