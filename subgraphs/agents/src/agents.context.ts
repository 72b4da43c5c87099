import DataLoader from 'dataloader';
import type { RequestContext } from '@orquesta/context';
import { createBatchLoader } from '@orquesta/graphql';
import type { ActivityRow } from './activity/agent-activity.record';
import type { ActivityCounts, AgentActivityService } from './activity/agent-activity.service';
import type { AgentEntity } from './agents/agent.entity';
import type { AgentService } from './agents/agent.service';
import type { ApprovalRow } from './approvals/approval.record';
import type { ApprovalService } from './approvals/approval.service';
import type { AgentControlsService, AgentControlsView } from './limits/agent-limits.service';

export interface AgentsServices {
  readonly agents: AgentService;
  readonly controls: AgentControlsService;
  readonly approvals: ApprovalService;
  readonly activity: AgentActivityService;
}

export interface AgentsContext {
  readonly request: RequestContext;
  readonly services: AgentsServices;
  readonly loaders: {
    readonly agent: DataLoader<string, AgentEntity | null>;
    readonly agentsByAccount: DataLoader<string, AgentEntity[]>;
    readonly controls: DataLoader<string, AgentControlsView | null>;
    readonly activityCounts: DataLoader<string, ActivityCounts | null>;
    readonly approval: DataLoader<string, ApprovalRow | null>;
    readonly activity: DataLoader<string, ActivityRow | null>;
  };
}

function byId<V>(load: (ids: readonly string[]) => Promise<Map<string, V>>): DataLoader<string, V | null> {
  return new DataLoader<string, V | null>(
    async (ids) => {
      const found = await load(ids);
      return ids.map((id) => found.get(id) ?? null);
    },
    { maxBatchSize: 500 },
  );
}

export function createAgentsContext(request: RequestContext, services: AgentsServices): AgentsContext {
  return {
    request,
    services,
    loaders: {
      agent: byId(async (ids) => new Map((await services.agents.getMany(request, ids)).map((agent) => [agent.id, agent]))),
      agentsByAccount: createBatchLoader(
        (accountIds: readonly string[]) => services.agents.listForAccounts(request, accountIds),
        (agent) => agent.accountId,
      ),
      controls: byId((ids) => services.controls.viewsFor(request, ids)),
      activityCounts: byId((ids) => services.activity.countsFor(request, ids)),
      approval: byId(async (ids) => new Map((await services.approvals.getMany(request, ids)).map((row) => [row.id, row]))),
      activity: byId(async (ids) => new Map((await services.activity.getMany(request, ids)).map((row) => [row.id, row]))),
    },
  };
}
