import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { notFound, PageArgs, pageRequest, unwrap, requireAgentPermission } from '@orquesta/graphql';
import type { AgentsContext } from '../agents.context';
import { Agent } from '../agents/agent.type';
import { AgentActivity, AgentActivityConnection, AgentInsight } from './agent-activity.type';
import { activityFromRow, insightsFrom } from './agent-activity.service';

@ArgsType()
class AgentActivityArgs extends PageArgs {
  @Field(() => ID)
  agentId!: string;
}

type ActivityView = ReturnType<typeof activityFromRow>;

/** An agent token reads only its own activity (with `transactions.view`); others, any agent of the tenant. */
async function requireVisibleAgent(ctx: AgentsContext, agentId: string): Promise<void> {
  requireAgentPermission(ctx.request, 'transactions.view');
  const agent = await ctx.loaders.agent.load(agentId);
  if (!agent || (ctx.request.actor.type === 'agent' && ctx.request.actor.id !== agentId)) throw unwrap(notFound('Agent', agentId));
}

@Resolver(() => AgentActivity)
export class AgentActivityResolver {
  @Query(() => AgentActivityConnection, { description: 'Everything the agent did, was refused or waits for, newest first. Live: the agentActivity subscription.' })
  async agentActivity(@Args() { agentId, first, after }: AgentActivityArgs, @Ctx() ctx: AgentsContext): Promise<AgentActivityConnection> {
    await requireVisibleAgent(ctx, agentId);
    const page = unwrap(pageRequest(first, after));
    const rows = unwrap(await ctx.services.activity.list(ctx.request, agentId, page));
    return { ...rows, edges: rows.edges.map((edge) => ({ cursor: edge.cursor, node: activityFromRow(edge.node) })), nodes: rows.nodes.map(activityFromRow) } as unknown as AgentActivityConnection;
  }

  @Query(() => AgentActivity, { nullable: true, description: 'One activity entry (what the agentActivity subscription pushes).' })
  async agentActivityEntry(@Arg('id', () => ID) id: string, @Ctx() ctx: AgentsContext): Promise<AgentActivity> {
    const row = await ctx.loaders.activity.load(id);
    if (!row) throw unwrap(notFound('AgentActivity', id));
    await requireVisibleAgent(ctx, row.agent_id);
    return activityFromRow(row) as unknown as AgentActivity;
  }

  @Query(() => [AgentInsight], { description: 'What deserves a look: limit usage ≥ 80 %, refusals rising, stream budget nearly spent, approvals waiting.' })
  async agentInsights(@Arg('agentId', () => ID) agentId: string, @Ctx() ctx: AgentsContext): Promise<AgentInsight[]> {
    await requireVisibleAgent(ctx, agentId);
    const [controls, counts] = await Promise.all([ctx.loaders.controls.load(agentId), ctx.loaders.activityCounts.load(agentId)]);
    if (!counts) return [];
    return insightsFrom(controls ?? undefined, counts) as AgentInsight[];
  }

  @FieldResolver(() => Agent)
  async agent(@Root() activity: ActivityView, @Ctx() ctx: AgentsContext): Promise<Agent> {
    return (await ctx.loaders.agent.load(activity.agentId)) as unknown as Agent;
  }
}
