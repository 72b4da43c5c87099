import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { notFound, ok, PageArgs, pageRequest, unwrap, requirePermission } from '@orquesta/graphql';
import type { AgentsContext } from '../agents.context';
import type { AgentEntity } from './agent.entity';
import { AgentFilter, CreateAgentInput, CreateAgentPayload, UpdateAgentInput, UpdateAgentPayload } from './agent.input';
import { Account, Agent, AgentConnection } from './agent.type';

@ArgsType()
class AgentsArgs extends PageArgs {
  @Field(() => AgentFilter, { nullable: true })
  filter?: AgentFilter | null;
}

@Resolver(() => Agent)
export class AgentResolver {
  @Query(() => AgentConnection, { description: "The tenant's agents, newest first." })
  async agents(@Args() { first, after, filter }: AgentsArgs, @Ctx() ctx: AgentsContext): Promise<AgentConnection> {
    const page = unwrap(pageRequest(first, after));
    return unwrap(await ctx.services.agents.list(ctx.request, page, filter ?? {})) as unknown as AgentConnection;
  }

  @Query(() => Agent, { nullable: true })
  async agent(@Arg('id', () => ID) id: string, @Ctx() ctx: AgentsContext): Promise<Agent> {
    const agent = await ctx.loaders.agent.load(id);
    return unwrap(agent ? ok(agent) : notFound<typeof agent>('Agent', id)) as unknown as Agent;
  }

  @Mutation(() => CreateAgentPayload)
  async createAgent(@Arg('input') input: CreateAgentInput, @Ctx() ctx: AgentsContext): Promise<CreateAgentPayload> {
    requirePermission(ctx.request, 'settings:manage');
    const agent = unwrap(await ctx.services.agents.create(ctx.request, input));
    return { agent: agent as unknown as Agent };
  }

  @Mutation(() => UpdateAgentPayload)
  async updateAgent(@Arg('input') input: UpdateAgentInput, @Ctx() ctx: AgentsContext): Promise<UpdateAgentPayload> {
    requirePermission(ctx.request, 'settings:manage');
    const agent = unwrap(await ctx.services.agents.update(ctx.request, { id: input.id, name: input.name, status: input.status as AgentEntity['status'] | null }));
    return { agent: agent as unknown as Agent };
  }

  @FieldResolver(() => Account)
  account(@Root() agent: AgentEntity): Account {
    return { id: agent.accountId };
  }
}

@Resolver(() => Account)
export class AccountAgentsResolver {
  @FieldResolver(() => [Agent], { description: `The account's agents, newest first (at most 100).` })
  async agents(@Root() account: Account, @Ctx() ctx: AgentsContext): Promise<Agent[]> {
    return (await ctx.loaders.agentsByAccount.load(account.id)) as unknown as Agent[];
  }
}
