import type { DataSource } from 'typeorm';
import { tenantAccounts } from '@orquesta/accounts';
import { isUuid, tenantScope, type RequestContext } from '@orquesta/context';
import { entityColumns, readForTenant, readNewestFirst, uuidv7, withTenant } from '@orquesta/db';
import { recordEvent } from '@orquesta/events';
import { checkName, checkOptionalText, notFound, ok, toConnection, type Connection, type PageRequest, type Result } from '@orquesta/graphql';
import { AgentEntity, type AgentState } from './agent.entity';

export interface AgentListFilter {
  readonly accountId?: string | null;
  readonly status?: AgentState | null;
}

export interface NewAgent {
  readonly accountId: string;
  readonly name: string;
  readonly description?: string | null;
}

/** How many agents `Account.agents` lists per account. */
export const AGENTS_PER_ACCOUNT_MAX = 100;

export type AgentService = ReturnType<typeof createAgentService>;

const AGENTS = { table: 'agents.agents', entity: AgentEntity };

export function createAgentService({ dataSource }: { dataSource: DataSource }) {
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

    /** Renames, pauses, suspends or reactivates an agent; `agent.updated` tells every gateway. */
    async update(request: RequestContext, input: { id: string; name?: string | null; status?: AgentState | null }): Promise<Result<AgentEntity>> {
      if (!isUuid(input.id)) return notFound('Agent', input.id);
      const name = input.name == null ? ok(null) : checkName('input.name', input.name);
      if (!name.ok) return name;
      const scope = tenantScope(request);
      const updated = await withTenant(dataSource, scope, async (manager) => {
        const rows = (await manager.query(
          `UPDATE agents.agents SET name = COALESCE($4, name), status = COALESCE($5, status), version = version + 1, updated_at = now()
            WHERE id = $1 AND tenant_id = $2 AND livemode = $3 RETURNING ${entityColumns(dataSource, AgentEntity)}`,
          [input.id, scope.tenantId, scope.livemode, name.value, input.status ?? null],
        )) as [AgentEntity[], number] | AgentEntity[];
        const agent = (Array.isArray(rows[0]) ? rows[0][0] : rows[0]) as AgentEntity | undefined;
        if (!agent) return undefined;
        await recordEvent(manager, scope, {
          type: 'agent.updated',
          entityType: 'Agent',
          entityId: agent.id,
          entityVersion: agent.version,
          payload: { agentId: agent.id, name: agent.name, status: agent.status },
          actor: request.actor,
        });
        return agent;
      });
      return updated ? ok(updated) : notFound('Agent', input.id);
    },
  };
}
