import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { notFound, PageArgs, pageRequest, unwrap, requireAgentPermission } from '@orquesta/graphql';
import type { AgentsContext } from '../agents.context';
import { Agent } from '../agents/agent.type';
import { Approval, ApprovalConnection, ApprovalStatus } from './approval.type';
import { approvalFromRow } from './approval.service';

@ArgsType()
class ApprovalsArgs extends PageArgs {
  @Field(() => ApprovalStatus, { nullable: true })
  status?: ApprovalStatus | null;

  @Field(() => ID, { nullable: true })
  agentId?: string | null;
}

type ApprovalView = ReturnType<typeof approvalFromRow>;

@Resolver(() => Approval)
export class ApprovalResolver {
  @Query(() => ApprovalConnection, { description: "Agents' actions waiting for (or given) a human decision, newest first. An agent token sees its own." })
  async approvals(@Args() { status, agentId, first, after }: ApprovalsArgs, @Ctx() ctx: AgentsContext): Promise<ApprovalConnection> {
    requireAgentPermission(ctx.request, 'transactions.view');
    const page = unwrap(pageRequest(first, after));
    const rows = unwrap(await ctx.services.approvals.list(ctx.request, page, { status, agentId }));
    return { ...rows, edges: rows.edges.map((edge) => ({ cursor: edge.cursor, node: approvalFromRow(edge.node) })), nodes: rows.nodes.map(approvalFromRow) } as unknown as ApprovalConnection;
  }

  @Query(() => Approval, { nullable: true })
  async approval(@Arg('id', () => ID) id: string, @Ctx() ctx: AgentsContext): Promise<Approval> {
    requireAgentPermission(ctx.request, 'transactions.view');
    const row = await ctx.loaders.approval.load(id);
    if (!row || (ctx.request.actor.type === 'agent' && row.agent_id !== ctx.request.actor.id)) throw unwrap(notFound('Approval', id));
    return approvalFromRow(row) as unknown as Approval;
  }

  @FieldResolver(() => Agent)
  async agent(@Root() approval: ApprovalView, @Ctx() ctx: AgentsContext): Promise<Agent> {
    return (await ctx.loaders.agent.load(approval.agentId)) as unknown as Agent;
  }
}
