import type { DataSource } from 'typeorm';
import { tenantAccounts } from '@orquesta/accounts';
import {
  AGENT_PERMISSIONS,
  agentPermissionsFromDocument,
  DEFAULT_AGENT_PERMISSIONS,
  isAgentPermission,
  isUuid,
  tenantScope,
  type AgentPermission,
  type RequestContext,
} from '@orquesta/context';
import { entityColumns, readForTenant, readNewestFirst, uuidv7, withTenant, type TenantScope } from '@orquesta/db';
import { recordEvent } from '@orquesta/events';
import { badInput, checkName, checkOptionalText, fail, notFound, ok, toConnection, type Connection, type PageRequest, type Result } from '@orquesta/graphql';
import { withTenantResult } from '@orquesta/ledger';
import { findCurrency, parseAmount } from '@orquesta/money';
import { AgentEntity, type AgentState } from './agent.entity';
import { agentMove, canMoveKya, transitionTo, type AgentTransition } from './agent.lifecycle';

export interface AgentListFilter {
  readonly accountId?: string | null;
  readonly status?: AgentState | null;
}

export interface NewAgent {
  readonly accountId: string;
  readonly name: string;
  readonly description?: string | null;
  /** The currency of its limits (USD unless given). */
  readonly currency?: string | null;
}

/** How many agents `Account.agents` lists per account. */
export const AGENTS_PER_ACCOUNT_MAX = 100;

export type AgentService = ReturnType<typeof createAgentService>;

const AGENTS = { table: 'agents.agents', entity: AgentEntity };

type MoneyValue = { readonly amount: string; readonly currency: string };

export interface LimitsUpdate {
  readonly agentId: string;
  readonly perTransaction?: MoneyValue | null;
  readonly daily?: MoneyValue | null;
  readonly monthly?: MoneyValue | null;
  readonly maxActiveStreams?: number | null;
  readonly maxFlowRatePerMonth?: MoneyValue | null;
  readonly maxStreamOutflow?: MoneyValue | null;
  readonly approvalThreshold?: MoneyValue | null;
}

export interface PermissionsUpdate {
  readonly agentId: string;
  readonly transactions?: Readonly<Record<string, boolean | null | undefined>> | null;
  readonly streams?: Readonly<Record<string, boolean | null | undefined>> | null;
  readonly accounts?: Readonly<Record<string, boolean | null | undefined>> | null;
  readonly treasury?: Readonly<Record<string, boolean | null | undefined>> | null;
}

type AgentChanges = Partial<Pick<AgentEntity,
  | 'name' | 'status' | 'statusReason' | 'currency' | 'limitPerTransactionMinor' | 'limitDailyMinor' | 'limitMonthlyMinor' | 'maxActiveStreams'
  | 'maxFlowRatePerMonthMinor' | 'maxStreamOutflowMinor' | 'approvalThresholdMinor' | 'permissions' | 'kyaStatus' | 'kyaTier' | 'kyaRequestedTier'
  | 'kyaAttestations' | 'kyaVerifiedAt' | 'kyaReason'>>;

const PAST: Record<AgentTransition, string> = { pause: 'paused', resume: 'resumed', suspend: 'suspended', activate: 'activated' };

function conflict(message: string): Result<AgentChanges> {
  return fail({ code: 'CONFLICT', message });
}

function statusChange(agent: AgentEntity, transition: AgentTransition, reason: string | null): Result<AgentChanges> | null {
  const to = agentMove(agent.status, transition);
  if (!to) return null;
  return ok({ status: to, statusReason: to === 'suspended' ? reason : null });
}

/** The stored shape of a permission set (the seed's document). */
export function permissionsDocument(granted: ReadonlySet<AgentPermission>): Record<string, Record<string, boolean>> {
  const document: Record<string, Record<string, boolean>> = {};
  for (const permission of AGENT_PERMISSIONS) {
    const [group, action] = permission.split('.');
    (document[group] ??= {})[action] = granted.has(permission);
  }
  return document;
}

function checkAmount(field: string, value: MoneyValue): Result<{ amountMinor: bigint; currency: string }> {
  const parsed = parseAmount(value.amount, value.currency);
  if (!parsed.ok) return badInput(parsed.problem.reason === 'UNKNOWN_CURRENCY' ? `${field}.currency` : `${field}.amount`, parsed.problem.message);
  if (parsed.minor < 0n) return badInput(`${field}.amount`, 'must not be negative');
  if (parsed.minor > 10n ** 17n) return badInput(`${field}.amount`, 'is too large');
  return ok({ amountMinor: parsed.minor, currency: value.currency });
}

const AGENT_COLUMNS_TO_SQL: Record<keyof AgentChanges, string> = {
  name: 'name',
  status: 'status',
  statusReason: 'status_reason',
  currency: 'currency',
  limitPerTransactionMinor: 'limit_per_transaction_minor',
  limitDailyMinor: 'limit_daily_minor',
  limitMonthlyMinor: 'limit_monthly_minor',
  maxActiveStreams: 'max_active_streams',
  maxFlowRatePerMonthMinor: 'max_flow_rate_per_month_minor',
  maxStreamOutflowMinor: 'max_stream_outflow_minor',
  approvalThresholdMinor: 'approval_threshold_minor',
  permissions: 'permissions',
  kyaStatus: 'kya_status',
  kyaTier: 'kya_tier',
  kyaRequestedTier: 'kya_requested_tier',
  kyaAttestations: 'kya_attestations',
  kyaVerifiedAt: 'kya_verified_at',
  kyaReason: 'kya_reason',
};

export function createAgentService({ dataSource }: { dataSource: DataSource }) {
  /**
   * Every write to an agent: lock the row, let `decide` compute the change from what is
   * there now, write it with a new version, and announce it (`agent.updated` tells every
   * gateway to re-check the agent's tokens and sockets).
   */
  async function change(
    request: RequestContext,
    id: string,
    decide: (agent: AgentEntity) => Result<AgentChanges>,
    eventType: 'agent.updated' | 'agent.kya_updated' = 'agent.updated',
  ): Promise<Result<AgentEntity>> {
    const scope = tenantScope(request);
    return withTenantResult(dataSource, scope, async (manager) => {
      const agent = await manager.getRepository(AgentEntity).findOne({ where: { id, tenantId: scope.tenantId, livemode: scope.livemode }, lock: { mode: 'pessimistic_write' } });
      if (!agent) return notFound('Agent', id);
      const decided = decide(agent);
      if (!decided.ok) return decided;
      const changes = decided.value;
      if (Object.keys(changes).length === 0) return ok(agent);
      const updated = Object.assign(agent, changes, { version: agent.version + 1, updatedAt: new Date() });
      const entries = Object.entries(changes) as Array<[keyof AgentChanges, unknown]>;
      const assignments = entries.map(([key], index) => `${AGENT_COLUMNS_TO_SQL[key]} = $${index + 4}`);
      await manager.query(
        `UPDATE agents.agents SET ${assignments.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1 AND tenant_id = $2 AND livemode = $3`,
        [id, scope.tenantId, scope.livemode, ...entries.map(([key, value]) => (key === 'permissions' || key === 'kyaAttestations' ? JSON.stringify(value) : value))],
      );
      await recordEvent(manager, scope, {
        type: eventType,
        entityType: 'Agent',
        entityId: updated.id,
        entityVersion: updated.version,
        payload: { agentId: updated.id, name: updated.name, status: updated.status, kyaTier: updated.kyaTier, kyaStatus: updated.kyaStatus, changed: entries.map(([key]) => key) },
        actor: request.actor,
      });
      // KYA results change limits, and gateways cache agent tokens: tell them too.
      if (eventType !== 'agent.updated') {
        await recordEvent(manager, scope, {
          type: 'agent.updated',
          entityType: 'Agent',
          entityId: updated.id,
          entityVersion: updated.version,
          payload: { agentId: updated.id, name: updated.name, status: updated.status },
          actor: request.actor,
        });
      }
      return ok(updated);
    });
  }

  return {
    async list(request: RequestContext, page: PageRequest, filter: AgentListFilter = {}): Promise<Result<Connection<AgentEntity>>> {
      if (filter.accountId && !isUuid(filter.accountId)) return ok(toConnection([], page));
      const rows = await readNewestFirst<AgentEntity>(dataSource, tenantScope(request), AGENTS, page, (where) => {
        if (filter.accountId) where.and((p) => `account_id = ${p}`, filter.accountId);
        if (filter.status) where.and((p) => `status = ${p}`, filter.status);
      });
      return ok(toConnection(rows, page));
    },

    async getMany(request: RequestContext, ids: readonly string[]): Promise<AgentEntity[]> {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      const scope = tenantScope(request);
      return readForTenant<AgentEntity>(
        dataSource,
        scope,
        `SELECT ${entityColumns(dataSource, AgentEntity)} FROM agents.agents WHERE tenant_id = $1 AND livemode = $2 AND id = ANY($3::uuid[])`,
        [scope.tenantId, scope.livemode, valid],
      );
    },

    /** The newest agents of many accounts in one statement, at most AGENTS_PER_ACCOUNT_MAX each. */
    async listForAccounts(request: RequestContext, accountIds: readonly string[]): Promise<AgentEntity[]> {
      const valid = accountIds.filter(isUuid);
      if (valid.length === 0) return [];
      const scope = tenantScope(request);
      return readForTenant<AgentEntity>(
        dataSource,
        scope,
        `SELECT ${entityColumns(dataSource, AgentEntity)} FROM unnest($3::uuid[]) AS parent(parent_id)
           CROSS JOIN LATERAL (
             SELECT * FROM agents.agents a
              WHERE a.tenant_id = $1 AND a.livemode = $2 AND a.account_id = parent.parent_id
              ORDER BY a.id DESC LIMIT $4
           ) agent`,
        [scope.tenantId, scope.livemode, valid, AGENTS_PER_ACCOUNT_MAX],
      );
    },

    async create(request: RequestContext, input: NewAgent): Promise<Result<AgentEntity>> {
      const name = checkName('input.name', input.name);
      if (!name.ok) return name;
      const description = checkOptionalText('input.description', input.description);
      if (!description.ok) return description;
      if (!isUuid(input.accountId)) return notFound('Account', input.accountId);
      if (input.currency != null && !findCurrency(input.currency)) return badInput('input.currency', `unknown currency "${input.currency}"`);
      const scope = tenantScope(request);
      const now = new Date();
      const agent = Object.assign(new AgentEntity(), {
        id: uuidv7(now.getTime()),
        tenantId: scope.tenantId,
        livemode: scope.livemode,
        accountId: input.accountId,
        name: name.value,
        description: description.value,
        status: 'active' as const,
        kyaTier: 0,
        kyaStatus: 'unverified' as const,
        currency: input.currency ?? 'USD',
        limitPerTransactionMinor: null,
        limitDailyMinor: null,
        limitMonthlyMinor: null,
        maxActiveStreams: 5,
        maxFlowRatePerMonthMinor: null,
        maxStreamOutflowMinor: null,
        approvalThresholdMinor: null,
        permissions: permissionsDocument(DEFAULT_AGENT_PERMISSIONS),
        kyaRequestedTier: null,
        kyaAttestations: [],
        kyaVerifiedAt: null,
        kyaReason: null,
        statusReason: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      const created = await withTenant(dataSource, scope, async (manager) => {
        // The parent must be this tenant's account in this mode (accounts answers, in this
        // transaction); its key-share lock keeps the account from changing owner or mode under us.
        const parent = await tenantAccounts(manager, scope, [input.accountId], { lockKeys: true });
        if (!parent.has(input.accountId)) return false;
        await manager.getRepository(AgentEntity).insert(agent);
        await recordEvent(manager, scope, {
          type: 'agent.created',
          entityType: 'Agent',
          entityId: agent.id,
          entityVersion: agent.version,
          payload: { id: agent.id, accountId: agent.accountId, name: agent.name, status: agent.status, kyaTier: agent.kyaTier },
          actor: request.actor,
        });
        return true;
      });
      return created ? ok(agent) : notFound('Account', input.accountId);
    },

    /** Renames an agent and, through the lifecycle, pauses, suspends or reactivates it. */
    async update(request: RequestContext, input: { id: string; name?: string | null; status?: AgentState | null }): Promise<Result<AgentEntity>> {
      if (!isUuid(input.id)) return notFound('Agent', input.id);
      const name = input.name == null ? ok(null) : checkName('input.name', input.name);
      if (!name.ok) return name;
      return change(request, input.id, (agent) => {
        const changes: AgentChanges = name.value ? { name: name.value } : {};
        if (!input.status || input.status === agent.status) return ok(changes);
        const transition = transitionTo(agent.status, input.status);
        const moved = transition ? statusChange(agent, transition, null) : null;
        return moved ?? conflict(`an agent that is ${agent.status} cannot become ${input.status}`);
      });
    },

    /** pauseAgent, resumeAgent, suspendAgent(reason), activateAgent: one lifecycle, one event. */
    async transition(request: RequestContext, id: string, transition: AgentTransition, reason: string | null = null): Promise<Result<AgentEntity>> {
      if (!isUuid(id)) return notFound('Agent', id);
      const why = checkOptionalText('input.reason', reason, 500);
      if (!why.ok) return why;
      return change(request, id, (agent) => statusChange(agent, transition, why.value) ?? conflict(`an agent that is ${agent.status} cannot be ${PAST[transition]}`));
    },

    /** The owner's limits; a field left out stays, a null clears it (the tier and parent then decide). */
    async updateLimits(request: RequestContext, input: LimitsUpdate): Promise<Result<AgentEntity>> {
      if (!isUuid(input.agentId)) return notFound('Agent', input.agentId);
      if (input.maxActiveStreams != null && (!Number.isInteger(input.maxActiveStreams) || input.maxActiveStreams < 0 || input.maxActiveStreams > 10_000)) {
        return badInput('input.maxActiveStreams', 'must be a whole number from 0 to 10000');
      }
      return change(request, input.agentId, (agent) => {
        const changes: AgentChanges = {};
        const amounts: Array<[keyof LimitsUpdate & string, keyof AgentChanges]> = [
          ['perTransaction', 'limitPerTransactionMinor'],
          ['daily', 'limitDailyMinor'],
          ['monthly', 'limitMonthlyMinor'],
          ['maxFlowRatePerMonth', 'maxFlowRatePerMonthMinor'],
          ['maxStreamOutflow', 'maxStreamOutflowMinor'],
          ['approvalThreshold', 'approvalThresholdMinor'],
        ];
        // The first amount given sets the limits' currency; every amount must be in it.
        const given = amounts.map(([field]) => input[field] as MoneyValue | null | undefined).find((value) => value);
        const currency = given ? given.currency : agent.currency;
        for (const [field, column] of amounts) {
          const value = input[field] as MoneyValue | null | undefined;
          if (value === undefined) continue;
          if (value === null) {
            (changes as Record<string, unknown>)[column] = null;
            continue;
          }
          const parsed = checkAmount(`input.${field}`, value);
          if (!parsed.ok) return parsed;
          if (parsed.value.currency !== currency) return badInput(`input.${field}.currency`, `every limit must be in ${currency}`);
          (changes as Record<string, unknown>)[column] = parsed.value.amountMinor.toString();
        }
        if (currency !== agent.currency) {
          // Switching currency: the old amounts meant another money; they go unless given anew.
          for (const [field, column] of amounts) if (input[field] === undefined) (changes as Record<string, unknown>)[column] = null;
          changes.currency = currency;
        }
        if (input.maxActiveStreams != null) changes.maxActiveStreams = input.maxActiveStreams;
        return ok(changes);
      });
    },

    async updatePermissions(request: RequestContext, input: PermissionsUpdate): Promise<Result<AgentEntity>> {
      if (!isUuid(input.agentId)) return notFound('Agent', input.agentId);
      return change(request, input.agentId, (agent) => {
        const granted = agentPermissionsFromDocument(agent.permissions);
        for (const group of ['transactions', 'streams', 'accounts', 'treasury'] as const) {
          const wanted = input[group];
          if (!wanted) continue;
          for (const [action, allowed] of Object.entries(wanted)) {
            if (typeof allowed !== 'boolean') continue;
            const permission = `${group}.${action}`;
            if (!isAgentPermission(permission)) return badInput(`input.${group}.${action}`, 'is not a permission');
            if (allowed) granted.add(permission);
            else granted.delete(permission);
          }
        }
        return ok({ permissions: permissionsDocument(granted) });
      });
    },

    /** Starts KYA verification; the verifier (a job) decides later. */
    async submitKya(request: RequestContext, input: { agentId: string; tier: number; attestations: ReadonlyArray<{ type: string; value: string }> }): Promise<Result<AgentEntity>> {
      if (!isUuid(input.agentId)) return notFound('Agent', input.agentId);
      if (!Number.isInteger(input.tier) || input.tier < 1 || input.tier > 3) return badInput('input.tier', 'must be 1, 2 or 3');
      if (input.attestations.length === 0 || input.attestations.length > 20) return badInput('input.attestations', 'give 1 to 20 attestations');
      for (const [index, attestation] of input.attestations.entries()) {
        const type = checkName(`input.attestations.${index}.type`, attestation.type);
        if (!type.ok) return type;
        if (typeof attestation.value !== 'string' || attestation.value.length > 1000) return badInput(`input.attestations.${index}.value`, 'must be at most 1000 characters');
      }
      return change(request, input.agentId, (agent) => {
        if (!canMoveKya(agent.kyaStatus, 'pending')) return conflict(`verification is already ${agent.kyaStatus}`);
        return ok({ kyaStatus: 'pending', kyaRequestedTier: input.tier, kyaAttestations: input.attestations.map(({ type, value }) => ({ type, value })), kyaReason: null });
      }, 'agent.kya_updated');
    },

    /** The verifier's verdict on a pending submission (the KYA job; idempotent: a decided one is left alone). */
    async completeKya(scope: TenantScope, agentId: string): Promise<Result<AgentEntity | null>> {
      const system = { ...scope, actor: { type: 'system', id: 'kya-verifier', name: 'KYA verifier' } };
      const request = { tenantId: scope.tenantId, livemode: scope.livemode, actor: system.actor, role: 'owner', requestId: `kya-${agentId}` } as RequestContext;
      const result = await change(request, agentId, (agent) => {
        if (agent.kyaStatus !== 'pending') return fail({ code: 'CONFLICT', message: 'not pending' });
        const rejected = agent.kyaAttestations.some((attestation) => attestation.value.trim().toLowerCase() === 'reject');
        if (rejected) return ok({ kyaStatus: 'rejected', kyaReason: 'An attestation did not verify.' });
        return ok({ kyaStatus: 'verified', kyaTier: agent.kyaRequestedTier ?? agent.kyaTier, kyaVerifiedAt: new Date(), kyaReason: null });
      }, 'agent.kya_updated');
      if (!result.ok && result.error.code === 'CONFLICT') return ok(null);
      return result;
    },
  };
}
