import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Pool } from 'pg';
import { createSubgraphDataSource, uuidv7 } from '@orquesta/db';
import { buildFederatedSchema, type SubgraphDefinition } from '@orquesta/graphql';
import { createAgentsContext, type AgentsContext, type AgentsServices } from './agents.context';
import { AgentEntity } from './agents/agent.entity';
import { AccountAgentsResolver, AgentResolver } from './agents/agent.resolver';
import { createAgentService } from './agents/agent.service';
import { AgentActivityResolver } from './activity/agent-activity.resolver';
import { createAgentActivityService } from './activity/agent-activity.service';
import { ApprovalResolver } from './approvals/approval.resolver';
import { approvalFromRow, createApprovalService } from './approvals/approval.service';
import { createAgentControlsService } from './limits/agent-limits.service';
import { TenantAgentPolicyResolver } from './limits/tenant-agent-policy.resolver';
import { AgentControls1732300000210 } from './migrations/1732300000210-agent-controls';
import { CreateAgents1732300000002 } from './migrations/1732300000002-create-agents';
import { AuditAgents1732300000201 } from './migrations/1732300000201-audit-agents';

export const AGENTS_SCHEMA = 'agents';
export const agentsEntities = [AgentEntity];
export const agentsMigrations = [CreateAgents1732300000002, AuditAgents1732300000201, AgentControls1732300000210];

export function createAgentsDataSource(url: string, poolSize?: number): DataSource {
  return createSubgraphDataSource({ schema: AGENTS_SCHEMA, url, entities: agentsEntities, migrations: agentsMigrations, poolSize });
}

export function buildAgentsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [AgentResolver, AccountAgentsResolver, ApprovalResolver, AgentActivityResolver, TenantAgentPolicyResolver] },
    {
      Agent: {
        __resolveReference: (reference: { id: string }, ctx: AgentsContext) => ctx.loaders.agent.load(reference.id),
      },
      Approval: {
        __resolveReference: async (reference: { id: string }, ctx: AgentsContext) => {
          const row = await ctx.loaders.approval.load(reference.id);
          return row ? approvalFromRow(row) : null;
        },
      },
    },
  );
}

export async function defineAgentsSubgraph(dataSource: DataSource): Promise<SubgraphDefinition<AgentsContext>> {
  const services: AgentsServices = {
    agents: createAgentService({ dataSource }),
    controls: createAgentControlsService({ dataSource }),
    approvals: createApprovalService({ dataSource }),
    activity: createAgentActivityService({ dataSource }),
  };
  return {
    name: 'agents',
    schema: await buildAgentsSchema(),
    createContext: (request) => createAgentsContext(request, services),
    ready: async () => dataSource.query('SELECT 1').then(() => true),
  };
}

/** One demo agent per demo account that has none, so the dashboard has something to show. */
export async function seedDemoAgents(systemPool: Pool, tenantId: string, accountIds: readonly string[]): Promise<void> {
  for (const accountId of accountIds) {
    await systemPool.query(
      `INSERT INTO agents.agents (id, tenant_id, livemode, account_id, name, description)
       SELECT $1, $2, false, $3, 'Payables assistant', 'Pays approved supplier invoices'
        WHERE NOT EXISTS (SELECT 1 FROM agents.agents WHERE account_id = $3)`,
      [uuidv7(), tenantId, accountId],
    );
  }
}
