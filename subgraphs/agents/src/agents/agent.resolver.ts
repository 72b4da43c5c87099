import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { agentPermissionsFromDocument, type RequestContext } from '@orquesta/context';
import { notFound, ok, PageArgs, pageRequest, toConnection, unwrap, requirePermission, requireAgentPermission } from '@orquesta/graphql';
import { Money, toMoney } from '@orquesta/money';
import type { AgentsContext } from '../agents.context';
import type { AgentEntity } from './agent.entity';
import { AgentFilter, CreateAgentInput, CreateAgentPayload, UpdateAgentInput, UpdateAgentPayload } from './agent.input';
import {
  ActivateAgentInput,
  ActivateAgentPayload,
  PauseAgentInput,
  PauseAgentPayload,
  ResumeAgentInput,
  ResumeAgentPayload,
  SubmitKyaVerificationInput,
  SubmitKyaVerificationPayload,
  SuspendAgentInput,
  SuspendAgentPayload,
  UpdateAgentLimitsInput,
  UpdateAgentLimitsPayload,
  UpdateAgentPermissionsInput,
  UpdateAgentPermissionsPayload,
} from './agent-controls.input';
import { Account, Agent, AgentConnection, AgentLimits, AgentPermissions, AgentStats, AgentUsage, EffectiveLimits, LimitSource } from './agent.type';

@ArgsType()
class AgentsArgs extends PageArgs {
  @Field(() => AgentFilter, { nullable: true })
  filter?: AgentFilter | null;
}

const money = (minor: string | bigint | null, currency: string): Money | null => (minor === null ? null : toMoney(BigInt(minor), currency));

/** An agent token sees the agents of its own account only. */
function visibleTo(request: RequestContext, agent: AgentEntity | null): AgentEntity | null {
  if (!agent) return null;
  return request.agentAccountId === undefined || agent.accountId === request.agentAccountId ? agent : null;
}

@Resolver(() => Agent)
export class AgentResolver {
  @Query(() => AgentConnection, { description: "The tenant's agents, newest first (an agent token: its own account's)." })
  async agents(@Args() { first, after, filter }: AgentsArgs, @Ctx() ctx: AgentsContext): Promise<AgentConnection> {
    const page = unwrap(pageRequest(first, after));
    const own = ctx.request.agentAccountId;
    if (own && filter?.accountId && filter.accountId !== own) return toConnection([], page) as unknown as AgentConnection;
    const scoped = own ? { ...filter, accountId: own } : (filter ?? {});
    return unwrap(await ctx.services.agents.list(ctx.request, page, scoped)) as unknown as AgentConnection;
  }

  @Query(() => Agent, { nullable: true })
  async agent(@Arg('id', () => ID) id: string, @Ctx() ctx: AgentsContext): Promise<Agent> {
    const agent = visibleTo(ctx.request, await ctx.loaders.agent.load(id));
    return unwrap(agent ? ok(agent) : notFound<typeof agent>('Agent', id)) as unknown as Agent;
  }

  @Mutation(() => CreateAgentPayload)
  async createAgent(@Arg('input') input: CreateAgentInput, @Ctx() ctx: AgentsContext): Promise<CreateAgentPayload> {
    requirePermission(ctx.request, 'settings:manage');
    const agent = unwrap(await ctx.services.agents.create(ctx.request, input));
    return { agent: agent as unknown as Agent };
  }

  @Mutation(() => UpdateAgentPayload, { description: 'Renames an agent; a status change goes through the same lifecycle as pauseAgent, suspendAgent, resumeAgent and activateAgent.' })
  async updateAgent(@Arg('input') input: UpdateAgentInput, @Ctx() ctx: AgentsContext): Promise<UpdateAgentPayload> {
    requirePermission(ctx.request, 'settings:manage');
    const agent = unwrap(await ctx.services.agents.update(ctx.request, { id: input.id, name: input.name, status: input.status as AgentEntity['status'] | null }));
    return { agent: agent as unknown as Agent };
  }

  @Mutation(() => UpdateAgentLimitsPayload, { description: "Sets the owner's limits (owner or admin). Effective limits never exceed the KYA tier's or the parent account's." })
  async updateAgentLimits(@Arg('input') input: UpdateAgentLimitsInput, @Ctx() ctx: AgentsContext): Promise<UpdateAgentLimitsPayload> {
    requirePermission(ctx.request, 'agents:manage');
    return { agent: unwrap(await ctx.services.agents.updateLimits(ctx.request, input)) as unknown as Agent };
  }

  @Mutation(() => UpdateAgentPermissionsPayload, { description: "Changes what the agent may do; its tokens' next request sees the change." })
  async updateAgentPermissions(@Arg('input') input: UpdateAgentPermissionsInput, @Ctx() ctx: AgentsContext): Promise<UpdateAgentPermissionsPayload> {
    requirePermission(ctx.request, 'agents:manage');
    const toRecord = (value: object | null | undefined) => (value ? (value as Record<string, boolean | null | undefined>) : null);
    const agent = unwrap(await ctx.services.agents.updatePermissions(ctx.request, {
      agentId: input.agentId,
      transactions: toRecord(input.transactions),
      streams: toRecord(input.streams),
      accounts: toRecord(input.accounts),
      treasury: toRecord(input.treasury),
    }));
    return { agent: agent as unknown as Agent };
  }

  @Mutation(() => SubmitKyaVerificationPayload, { description: 'Starts know-your-agent verification (PENDING); the verifier moves it to VERIFIED or REJECTED and emits agent.kya_updated.' })
  async submitKyaVerification(@Arg('input') input: SubmitKyaVerificationInput, @Ctx() ctx: AgentsContext): Promise<SubmitKyaVerificationPayload> {
    requirePermission(ctx.request, 'agents:manage');
    return { agent: unwrap(await ctx.services.agents.submitKya(ctx.request, input)) as unknown as Agent };
  }

  @Mutation(() => PauseAgentPayload, { description: "Stops an active agent: its tokens are refused on their next request and its websockets close (4403)." })
  async pauseAgent(@Arg('input') input: PauseAgentInput, @Ctx() ctx: AgentsContext): Promise<PauseAgentPayload> {
    requirePermission(ctx.request, 'agents:manage');
    return { agent: unwrap(await ctx.services.agents.transition(ctx.request, input.agentId, 'pause')) as unknown as Agent };
  }

  @Mutation(() => ResumeAgentPayload)
  async resumeAgent(@Arg('input') input: ResumeAgentInput, @Ctx() ctx: AgentsContext): Promise<ResumeAgentPayload> {
    requirePermission(ctx.request, 'agents:manage');
    return { agent: unwrap(await ctx.services.agents.transition(ctx.request, input.agentId, 'resume')) as unknown as Agent };
  }

  @Mutation(() => SuspendAgentPayload, { description: 'Suspends an agent with a reason; like a pause, its tokens and sockets stop at once. Only activateAgent brings it back.' })
  async suspendAgent(@Arg('input') input: SuspendAgentInput, @Ctx() ctx: AgentsContext): Promise<SuspendAgentPayload> {
    requirePermission(ctx.request, 'agents:manage');
    return { agent: unwrap(await ctx.services.agents.transition(ctx.request, input.agentId, 'suspend', input.reason)) as unknown as Agent };
  }

  @Mutation(() => ActivateAgentPayload)
  async activateAgent(@Arg('input') input: ActivateAgentInput, @Ctx() ctx: AgentsContext): Promise<ActivateAgentPayload> {
    requirePermission(ctx.request, 'agents:manage');
    return { agent: unwrap(await ctx.services.agents.transition(ctx.request, input.agentId, 'activate')) as unknown as Agent };
  }

  @FieldResolver(() => Account)
  account(@Root() agent: AgentEntity): Account {
    return { id: agent.accountId };
  }

  @FieldResolver(() => AgentLimits, { description: 'What the owner set.' })
  limits(@Root() agent: AgentEntity): AgentLimits {
    return {
      perTransaction: money(agent.limitPerTransactionMinor, agent.currency),
      daily: money(agent.limitDailyMinor, agent.currency),
      monthly: money(agent.limitMonthlyMinor, agent.currency),
      maxActiveStreams: agent.maxActiveStreams,
      maxFlowRatePerMonth: money(agent.maxFlowRatePerMonthMinor, agent.currency),
      maxStreamOutflow: money(agent.maxStreamOutflowMinor, agent.currency),
    };
  }

  @FieldResolver(() => EffectiveLimits)
  async effectiveLimits(@Root() agent: AgentEntity, @Ctx() ctx: AgentsContext): Promise<EffectiveLimits> {
    const view = await ctx.loaders.controls.load(agent.id);
    if (!view) throw new Error(`agent ${agent.id} has no controls`);
    const { limits } = view;
    return {
      perTransaction: money(limits.perTransaction, agent.currency),
      daily: money(limits.daily, agent.currency),
      monthly: money(limits.monthly, agent.currency),
      cappedByParent: limits.cappedByParent,
      cappedBy: limits.cappedBy as LimitSource[],
    };
  }

  @FieldResolver(() => AgentUsage)
  async usage(@Root() agent: AgentEntity, @Ctx() ctx: AgentsContext): Promise<AgentUsage> {
    const view = await ctx.loaders.controls.load(agent.id);
    if (!view) throw new Error(`agent ${agent.id} has no controls`);
    const { usage } = view;
    return {
      today: toMoney(usage.todayMinor, usage.currency),
      thisMonth: toMoney(usage.monthMinor, usage.currency),
      activeStreams: usage.activeStreams,
      streamOutflow: toMoney(usage.streamFlowPerMonthMinor, usage.currency),
      resetsAt: usage.resetsAt,
    };
  }

  @FieldResolver(() => AgentPermissions)
  permissions(@Root() agent: AgentEntity): AgentPermissions {
    const granted = agentPermissionsFromDocument(agent.permissions);
    const has = (permission: string) => granted.has(permission as never);
    return {
      transactions: { initiate: has('transactions.initiate'), approve: has('transactions.approve'), view: has('transactions.view') },
      streams: { initiate: has('streams.initiate'), modify: has('streams.modify'), pause: has('streams.pause'), terminate: has('streams.terminate'), view: has('streams.view') },
      accounts: { view: has('accounts.view'), create: has('accounts.create') },
      treasury: { view: has('treasury.view'), rebalance: has('treasury.rebalance') },
    };
  }

  @FieldResolver(() => Money, { nullable: true, description: "Above this, the agent's transfers and payouts wait for approval (the agent's own, else the tenant's default); null: never." })
  async approvalThreshold(@Root() agent: AgentEntity, @Ctx() ctx: AgentsContext): Promise<Money | null> {
    const view = await ctx.loaders.controls.load(agent.id);
    return money(view?.limits.approvalThreshold ?? null, agent.currency);
  }

  @FieldResolver(() => AgentStats)
  async stats(@Root() agent: AgentEntity, @Ctx() ctx: AgentsContext): Promise<AgentStats> {
    requireAgentPermission(ctx.request, 'transactions.view');
    const [view, counts] = await Promise.all([ctx.loaders.controls.load(agent.id), ctx.loaders.activityCounts.load(agent.id)]);
    return {
      actionsToday: counts?.actionsToday ?? 0,
      successRate: counts && counts.total30d > 0 ? counts.done30d / counts.total30d : null,
      volumeToday: toMoney(view?.usage.todayMinor ?? 0n, agent.currency),
      volumeThisMonth: toMoney(view?.usage.monthMinor ?? 0n, agent.currency),
    };
  }
}

@Resolver(() => Account)
export class AccountAgentsResolver {
  @FieldResolver(() => [Agent], { description: `The account's agents, newest first (at most 100).` })
  async agents(@Root() account: Account, @Ctx() ctx: AgentsContext): Promise<Agent[]> {
    if (ctx.request.agentAccountId && ctx.request.agentAccountId !== account.id) return [];
    return (await ctx.loaders.agentsByAccount.load(account.id)) as unknown as Agent[];
  }
}
