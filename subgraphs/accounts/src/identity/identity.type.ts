import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ConnectionType } from '@orquesta/graphql';

export enum MemberRole {
  OWNER = 'owner',
  ADMIN = 'admin',
  MEMBER = 'member',
  VIEWER = 'viewer',
}
registerEnumType(MemberRole, {
  name: 'MemberRole',
  description: 'Viewers read; members move money and manage their keys; admins manage the team and settings; owners own the tenant.',
});

@ObjectType({ description: 'A dashboard sign-in on one device.' })
export class Session {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  ip!: string | null;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  lastUsedAt!: Date;

  @Field()
  expiresAt!: Date;

  @Field({ description: 'True for the session this request came with.' })
  current!: boolean;
}

@ObjectType({ description: 'A fresh token pair. The tokens are shown in this answer only.' })
export class AuthPayload {
  @Field(() => ID)
  userId!: string;

  @Field(() => ID)
  tenantId!: string;

  @Field(() => ID)
  sessionId!: string;

  @Field({ description: 'Bearer token for `Authorization`, valid 15 minutes.' })
  accessToken!: string;

  @Field()
  accessTokenExpiresAt!: Date;

  @Field({ description: 'Single use: `refreshSession` spends it and returns a new pair. Valid 7 days.' })
  refreshToken!: string;

  @Field()
  refreshTokenExpiresAt!: Date;
}

@ObjectType({ description: 'A new tenant and its owner, signed in, with its first keys (shown once).' })
export class SignupPayload extends AuthPayload {
  @Field({ description: 'pk_test_… (shown once).' })
  testApiKey!: string;

  @Field({ description: 'pk_live_… (shown once).' })
  liveApiKey!: string;
}

@InputType()
export class SignupInput {
  @Field()
  email!: string;

  @Field({ description: 'At least 12 characters, not a common password.' })
  password!: string;

  @Field({ description: 'Your name.' })
  name!: string;

  @Field({ description: 'The company the tenant is for.' })
  companyName!: string;
}

@InputType()
export class LoginInput {
  @Field()
  email!: string;

  @Field()
  password!: string;

  @Field(() => ID, { nullable: true, description: 'Which of your tenants to sign in to (default: the first you joined).' })
  tenantId?: string | null;
}

@InputType()
export class RefreshSessionInput {
  @Field()
  refreshToken!: string;
}

@ObjectType()
export class LogoutPayload {
  @Field()
  loggedOut!: boolean;
}

@ObjectType()
export class LogoutEverywherePayload {
  @Field(() => Int)
  sessionsRevoked!: number;
}

@ObjectType()
export class RevokeSessionPayload {
  @Field(() => ID)
  sessionId!: string;
}

@ObjectType({ description: 'A person on the team.' })
export class Member {
  @Field(() => ID)
  userId!: string;

  @Field()
  email!: string;

  @Field()
  name!: string;

  @Field(() => MemberRole)
  role!: MemberRole;

  @Field()
  joinedAt!: Date;
}

@ObjectType()
export class Invite {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field(() => MemberRole)
  role!: MemberRole;

  @Field()
  createdAt!: Date;

  @Field()
  expiresAt!: Date;
}

@InputType()
export class InviteMemberInput {
  @Field()
  email!: string;

  @Field(() => MemberRole)
  role!: MemberRole;
}

@ObjectType()
export class InviteMemberPayload {
  @Field(() => Invite)
  invite!: Invite;

  @Field({ description: 'The single-use invite token (shown once; valid 7 days). Deliver it to the invitee.' })
  token!: string;
}

@InputType()
export class AcceptInviteInput {
  @Field()
  token!: string;

  @Field({ description: 'A new user sets a password here; an existing user gives theirs.' })
  password!: string;

  @Field(() => String, { nullable: true, description: 'Required for a new user.' })
  name?: string | null;
}

@InputType()
export class UpdateMemberRoleInput {
  @Field(() => ID)
  userId!: string;

  @Field(() => MemberRole)
  role!: MemberRole;
}

@ObjectType()
export class UpdateMemberRolePayload {
  @Field(() => Member)
  member!: Member;
}

@ObjectType()
export class RemoveMemberPayload {
  @Field(() => ID)
  userId!: string;
}

@ObjectType({ description: 'An API key, as it may be shown after creation: its prefix, never the key.' })
export class ApiKey {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The first characters, e.g. pk_test_3f9c1a2b.' })
  prefix!: string;

  @Field()
  livemode!: boolean;

  @Field(() => MemberRole, { description: 'What the key may do: never more than its creator.' })
  role!: MemberRole;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => String, { nullable: true })
  lastUsedIp!: string | null;
}

@InputType()
export class CreateApiKeyInput {
  @Field()
  name!: string;

  @Field(() => MemberRole, { nullable: true, description: 'Default: your own role (never more).' })
  role?: MemberRole | null;

  @Field(() => Date, { nullable: true })
  expiresAt?: Date | null;
}

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field({ description: 'The key itself (shown once).' })
  secret!: string;
}

@ObjectType()
export class RevokeApiKeyPayload {
  @Field(() => ApiKey)
  apiKey!: ApiKey;
}

@ObjectType()
export class RotateApiKeyPayload {
  @Field(() => ApiKey, { description: 'The new key.' })
  apiKey!: ApiKey;

  @Field({ description: 'The new key itself (shown once).' })
  secret!: string;

  @Field({ description: 'When the old key stops working (24 hours from now at most).' })
  previousKeyExpiresAt!: Date;
}

@ObjectType({ description: 'A credential an agent uses to act for itself; shown once at creation.' })
export class AgentToken {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  agentId!: string;

  @Field()
  name!: string;

  @Field()
  prefix!: string;

  @Field()
  livemode!: boolean;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;
}

@InputType()
export class CreateAgentTokenInput {
  @Field(() => ID)
  agentId!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => Date, { nullable: true })
  expiresAt?: Date | null;
}

@ObjectType()
export class CreateAgentTokenPayload {
  @Field(() => AgentToken)
  agentToken!: AgentToken;

  @Field({ description: 'agent_… (shown once).' })
  token!: string;
}

@ObjectType()
export class RevokeAgentTokenPayload {
  @Field(() => AgentToken)
  agentToken!: AgentToken;
}

@ObjectType({ description: 'Who is asking: the principal behind this request.' })
export class Viewer {
  @Field(() => ID)
  tenantId!: string;

  @Field()
  livemode!: boolean;

  @Field(() => MemberRole)
  role!: MemberRole;

  @Field({ description: 'user, api_key or agent.' })
  actorType!: string;

  @Field(() => ID)
  actorId!: string;

  @Field(() => String, { nullable: true })
  actorName!: string | null;
}

@ObjectType({ description: 'One state change, recorded by the database as it happened. Append-only.' })
export class AuditEntry {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'user, api_key, agent or system.' })
  actorType!: string;

  @Field()
  actorId!: string;

  @Field(() => String, { nullable: true })
  actorName!: string | null;

  @Field({ description: 'insert, update or delete.' })
  action!: string;

  @Field({ description: 'The table, e.g. accounts.api_keys.' })
  entityType!: string;

  @Field()
  entityId!: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The row before (secrets left out).' })
  before!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The row after (secrets left out).' })
  after!: Record<string, unknown> | null;

  @Field(() => String, { nullable: true })
  requestId!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: 'Something security-relevant: sign-ins, lockouts, keys, roles, token reuse.' })
export class SecurityEvent {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'e.g. login_failed, account_locked, api_key_created, role_changed, refresh_token_reused.' })
  type!: string;

  @Field({ description: 'info, warning or critical.' })
  severity!: string;

  @Field(() => ID, { nullable: true })
  userId!: string | null;

  @Field(() => ID, { nullable: true })
  apiKeyId!: string | null;

  @Field(() => String, { nullable: true })
  ip!: string | null;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;

  @Field(() => GraphQLJSONObject)
  details!: Record<string, unknown>;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class AuditEntryConnection extends ConnectionType('AuditEntry', AuditEntry) {}

@ObjectType()
export class SecurityEventConnection extends ConnectionType('SecurityEvent', SecurityEvent) {}
