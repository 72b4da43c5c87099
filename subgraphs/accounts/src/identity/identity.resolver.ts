import { Arg, Args, ArgsType, Ctx, Field, ID, Mutation, Query, Resolver } from 'type-graphql';
import { PageArgs, unwrap } from '@orquesta/graphql';
import type { AccountsContext } from '../accounts.context';
import {
  AcceptInviteInput,
  AgentToken,
  ApiKey,
  AuditEntryConnection,
  AuthPayload,
  CreateAgentTokenInput,
  CreateAgentTokenPayload,
  CreateApiKeyInput,
  CreateApiKeyPayload,
  InviteMemberInput,
  InviteMemberPayload,
  LoginInput,
  LogoutEverywherePayload,
  LogoutPayload,
  Member,
  RefreshSessionInput,
  RemoveMemberPayload,
  RevokeAgentTokenPayload,
  RevokeApiKeyPayload,
  RevokeSessionPayload,
  RotateApiKeyPayload,
  SecurityEventConnection,
  Session,
  SignupInput,
  SignupPayload,
  UpdateMemberRoleInput,
  UpdateMemberRolePayload,
  Viewer,
} from './identity.type';

@ArgsType()
class AuditLogArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only changes to this table, e.g. accounts.api_keys.' })
  entityType?: string | null;

  @Field(() => String, { nullable: true })
  entityId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only changes by this user, key or agent.' })
  actorId?: string | null;
}

@ArgsType()
class SecurityEventsArgs extends PageArgs {
  @Field(() => String, { nullable: true })
  type?: string | null;
}

/**
 * Identity: sign-up and sessions (public mutations: signup, login, refreshSession,
 * acceptInvite), the team, API keys, agent tokens, and the audit and security records.
 */
@Resolver()
export class IdentityResolver {
  @Mutation(() => SignupPayload, { description: 'Creates a tenant and its owner; returns a session and a test and a live key (shown once).' })
  async signup(@Arg('input') input: SignupInput, @Ctx() ctx: AccountsContext): Promise<SignupPayload> {
    return unwrap(await ctx.services.sessions.signup(ctx.request, input));
  }

  @Mutation(() => AuthPayload, { description: 'Signs in with email and password. Failures say nothing about whether the email exists.' })
  async login(@Arg('input') input: LoginInput, @Ctx() ctx: AccountsContext): Promise<AuthPayload> {
    return unwrap(await ctx.services.sessions.login(ctx.request, input));
  }

  @Mutation(() => AuthPayload, { description: 'Spends a refresh token for a new pair. A spent token used again ends all your sessions.' })
  async refreshSession(@Arg('input') input: RefreshSessionInput, @Ctx() ctx: AccountsContext): Promise<AuthPayload> {
    return unwrap(await ctx.services.sessions.refresh(ctx.request, input.refreshToken));
  }

  @Mutation(() => LogoutPayload, { description: 'Ends the session this request came with.' })
  async logout(@Ctx() ctx: AccountsContext): Promise<LogoutPayload> {
    return { loggedOut: unwrap(await ctx.services.sessions.logout(ctx.request)) };
  }

  @Mutation(() => LogoutEverywherePayload, { description: 'Ends every session of the signed-in user.' })
  async logoutEverywhere(@Ctx() ctx: AccountsContext): Promise<LogoutEverywherePayload> {
    return { sessionsRevoked: unwrap(await ctx.services.sessions.logoutEverywhere(ctx.request)) };
  }

  @Query(() => [Session], { description: "The signed-in user's active sessions in this tenant." })
  async sessions(@Ctx() ctx: AccountsContext): Promise<Session[]> {
    const sessions = unwrap(await ctx.services.sessions.list(ctx.request));
    return sessions.map((session) => ({ ...session, current: session.id === ctx.request.credentialId }));
  }

  @Mutation(() => RevokeSessionPayload)
  async revokeSession(@Arg('id', () => ID) id: string, @Ctx() ctx: AccountsContext): Promise<RevokeSessionPayload> {
    unwrap(await ctx.services.sessions.revoke(ctx.request, id));
    return { sessionId: id };
  }

  @Query(() => Viewer, { description: 'Who this request acts as.' })
  viewer(@Ctx() ctx: AccountsContext): Viewer {
    const { tenantId, livemode, role, actor } = ctx.request;
    return { tenantId, livemode, role: role as Viewer['role'], actorType: actor.type, actorId: actor.id, actorName: actor.name ?? null };
  }

  @Query(() => [Member])
  async members(@Ctx() ctx: AccountsContext): Promise<Member[]> {
    return unwrap(await ctx.services.team.members(ctx.request)) as Member[];
  }

  @Mutation(() => InviteMemberPayload)
  async inviteMember(@Arg('input') input: InviteMemberInput, @Ctx() ctx: AccountsContext): Promise<InviteMemberPayload> {
    return unwrap(await ctx.services.team.invite(ctx.request, input)) as InviteMemberPayload;
  }

  @Mutation(() => AuthPayload, { description: "Joins the invite's tenant and signs in." })
  async acceptInvite(@Arg('input') input: AcceptInviteInput, @Ctx() ctx: AccountsContext): Promise<AuthPayload> {
    return unwrap(await ctx.services.team.accept(ctx.request, input));
  }

  @Mutation(() => UpdateMemberRolePayload)
  async updateMemberRole(@Arg('input') input: UpdateMemberRoleInput, @Ctx() ctx: AccountsContext): Promise<UpdateMemberRolePayload> {
    return { member: unwrap(await ctx.services.team.updateRole(ctx.request, input)) as Member };
  }

  @Mutation(() => RemoveMemberPayload)
  async removeMember(@Arg('userId', () => ID) userId: string, @Ctx() ctx: AccountsContext): Promise<RemoveMemberPayload> {
    unwrap(await ctx.services.team.remove(ctx.request, userId));
    return { userId };
  }

  @Query(() => [ApiKey], { description: "This mode's API keys, newest first: prefixes, never keys." })
  async apiKeys(@Ctx() ctx: AccountsContext): Promise<ApiKey[]> {
    return unwrap(await ctx.services.credentials.list(ctx.request)) as ApiKey[];
  }

  @Mutation(() => CreateApiKeyPayload, { description: 'A key in the mode of this request; at most 10 a day per tenant.' })
  async createApiKey(@Arg('input') input: CreateApiKeyInput, @Ctx() ctx: AccountsContext): Promise<CreateApiKeyPayload> {
    return unwrap(await ctx.services.credentials.create(ctx.request, input)) as CreateApiKeyPayload;
  }

  @Mutation(() => RevokeApiKeyPayload, { description: 'Stops the key at once, everywhere (open websockets too).' })
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: AccountsContext): Promise<RevokeApiKeyPayload> {
    return { apiKey: unwrap(await ctx.services.credentials.revoke(ctx.request, id)) as ApiKey };
  }

  @Mutation(() => RotateApiKeyPayload, { description: 'A new key; the old one keeps working for 24 hours.' })
  async rotateApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: AccountsContext): Promise<RotateApiKeyPayload> {
    return unwrap(await ctx.services.credentials.rotate(ctx.request, id)) as RotateApiKeyPayload;
  }

  @Query(() => [AgentToken])
  async agentTokens(@Arg('agentId', () => ID, { nullable: true }) agentId: string | null, @Ctx() ctx: AccountsContext): Promise<AgentToken[]> {
    return unwrap(await ctx.services.credentials.agentTokens(ctx.request, agentId)) as AgentToken[];
  }

  @Mutation(() => CreateAgentTokenPayload, { description: 'An agent_… token: requests with it act as the agent, within its limits.' })
  async createAgentToken(@Arg('input') input: CreateAgentTokenInput, @Ctx() ctx: AccountsContext): Promise<CreateAgentTokenPayload> {
    return unwrap(await ctx.services.credentials.createAgentToken(ctx.request, input)) as CreateAgentTokenPayload;
  }

  @Mutation(() => RevokeAgentTokenPayload)
  async revokeAgentToken(@Arg('id', () => ID) id: string, @Ctx() ctx: AccountsContext): Promise<RevokeAgentTokenPayload> {
    return { agentToken: unwrap(await ctx.services.credentials.revokeAgentToken(ctx.request, id)) as AgentToken };
  }

  @Query(() => AuditEntryConnection, { description: 'Every state change, newest first (admins and owners).' })
  async auditLog(@Args() args: AuditLogArgs, @Ctx() ctx: AccountsContext): Promise<AuditEntryConnection> {
    return unwrap(await ctx.services.audit.auditLog(ctx.request, args, args)) as AuditEntryConnection;
  }

  @Query(() => SecurityEventConnection, { description: 'Security events, newest first (admins and owners).' })
  async securityEvents(@Args() args: SecurityEventsArgs, @Ctx() ctx: AccountsContext): Promise<SecurityEventConnection> {
    return unwrap(await ctx.services.audit.securityEvents(ctx.request, args, args)) as SecurityEventConnection;
  }
}
