import DataLoader from 'dataloader';
import type { RequestContext } from '@orquesta/context';
import { createBatchLoader } from '@orquesta/graphql';
import type { AgentEntity } from './agents/agent.entity';
import type { AgentService } from './agents/agent.service';

export interface AgentsServices {
  readonly agents: AgentService;
}

export interface AgentsContext {
  readonly request: RequestContext;
  readonly services: AgentsServices;
  readonly loaders: {
    readonly agent: DataLoader<string, AgentEntity | null>;
    readonly agentsByAccount: DataLoader<string, AgentEntity[]>;
  };
}

export function createAgentsContext(request: RequestContext, services: AgentsServices): AgentsContext {
  return {
    request,
    services,
    loaders: {
      agent: new DataLoader<string, AgentEntity | null>(
        async (ids) => {
          const found = new Map((await services.agents.getMany(request, ids)).map((agent) => [agent.id, agent]));
          return ids.map((id) => found.get(id) ?? null);
        },
        { maxBatchSize: 500 },
      ),
      agentsByAccount: createBatchLoader(
        (accountIds: readonly string[]) => services.agents.listForAccounts(request, accountIds),
        (agent) => agent.accountId,
      ),
    },
  };
}
