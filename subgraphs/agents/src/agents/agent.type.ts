import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@orquesta/graphql';
import { Money } from '@orquesta/money';

export enum AgentStatus {
  ACTIVE = 'active',
  PAUSED = 'paused',
  SUSPENDED = 'suspended',
}
registerEnumType(AgentStatus, {
  name: 'AgentStatus',
  description: 'ACTIVE agents may act; PAUSED ones are stopped by their owner; SUSPENDED ones by the platform.',
});

export enum KyaStatus {
  UNVERIFIED = 'unverified',
  PENDING = 'pending',
  VERIFIED = 'verified',
  REJECTED = 'rejected',
  SUSPENDED = 'suspended',
}
registerEnumType(KyaStatus, {
  name: 'KyaStatus',
  description: 'Where know-your-agent verification stands: UNVERIFIED → PENDING → VERIFIED or REJECTED; SUSPENDED when withdrawn.',
});

export enum LimitSource {
  OWNER = 'owner',
  KYA_TIER = 'kya_tier',
  PARENT_ACCOUNT = 'parent_account',
}
registerEnumType(LimitSource, { name: 'LimitSource', description: "Where an effective limit comes from: the owner's setting, the agent's KYA tier or its parent account's tier." });

@ObjectType({ description: 'What the owner set. A null amount leaves the window to the KYA tier and the parent account.' })
export class AgentLimits {
  @Field(() => Money, { nullable: true })
  perTransaction!: Money | null;

  @Field(() => Money, { nullable: true })
  daily!: Money | null;

  @Field(() => Money, { nullable: true })
  monthly!: Money | null;

  @Field(() => Int)
  maxActiveStreams!: number;

  @Field(() => Money, { nullable: true, description: 'The largest flow rate, per month, of one stream the agent opens.' })
  maxFlowRatePerMonth!: Money | null;

  @Field(() => Money, { nullable: true, description: "The most the agent's open streams may pay out per month, together." })
  maxStreamOutflow!: Money | null;
}

@ObjectType({ description: "What the agent may actually move: the least of the owner's, the KYA tier's and the parent account's limits. Null: no limit." })
export class EffectiveLimits {
  @Field(() => Money, { nullable: true })
  perTransaction!: Money | null;

  @Field(() => Money, { nullable: true })
  daily!: Money | null;

  @Field(() => Money, { nullable: true })
  monthly!: Money | null;

  @Field({ description: "True when the parent account's own verification tier sets at least one window." })
  cappedByParent!: boolean;

  @Field(() => [LimitSource], { description: 'The sources that set at least one window.' })
  cappedBy!: LimitSource[];
}

@ObjectType({ description: 'What the agent has used, reserved with each movement (days and months in the tenant time zone).' })
export class AgentUsage {
  @Field(() => Money)
  today!: Money;

  @Field(() => Money)
  thisMonth!: Money;

  @Field(() => Int)
  activeStreams!: number;

  @Field(() => Money, { description: 'The monthly flow of the streams the agent has open.' })
  streamOutflow!: Money;

  @Field({ description: 'When today\'s usage starts again from zero.' })
  resetsAt!: Date;
}

@ObjectType()
export class TransactionPermissions {
  @Field({ description: 'Create internal transfers, payouts and quotes from its own account.' })
  initiate!: boolean;

  @Field({ description: "Approve or reject other agents' pending actions (never its own)." })
  approve!: boolean;

  @Field({ description: "Read its own account's transfers, payouts, quotes, approvals and its activity." })
  view!: boolean;
}

@ObjectType()
export class StreamPermissions {
  @Field()
  initiate!: boolean;

  @Field()
  modify!: boolean;

  @Field()
  pause!: boolean;

  @Field()
  terminate!: boolean;

  @Field()
  view!: boolean;
}

@ObjectType()
export class AccountPermissions {
  @Field({ description: 'Read its own account (profile, balances); other accounts stay hidden.' })
  view!: boolean;

  @Field({ description: 'Create accounts.' })
  create!: boolean;
}

@ObjectType()
export class TreasuryPermissions {
  @Field({ description: 'Read treasury data (rates, liquidity, rails).' })
  view!: boolean;

  @Field({ description: 'Run treasury operations (rebalancing).' })
  rebalance!: boolean;
}

@ObjectType({ description: "What the agent's owner lets it do; enforced for its tokens in every subgraph (FORBIDDEN names what is missing)." })
export class AgentPermissions {
  @Field(() => TransactionPermissions)
  transactions!: TransactionPermissions;

  @Field(() => StreamPermissions)
  streams!: StreamPermissions;

  @Field(() => AccountPermissions)
  accounts!: AccountPermissions;

  @Field(() => TreasuryPermissions)
  treasury!: TreasuryPermissions;
}

@ObjectType({ description: "The agent's day, from its activity log." })
export class AgentStats {
  @Field(() => Int, { description: 'Actions today (done, refused or pending).' })
  actionsToday!: number;

  @Field(() => Float, { nullable: true, description: 'Share of the last 30 days\' actions that were not refused, from 0 to 1; null without actions.' })
  successRate!: number | null;

  @Field(() => Money)
  volumeToday!: Money;

  @Field(() => Money)
  volumeThisMonth!: Money;
}

/** The accounts subgraph owns Account; this subgraph adds the agents acting for it. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Account {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'An AI agent acting on behalf of an account.' })
@Directive('@key(fields: "id")')
export class Agent {
  @Field(() => ID)
  id!: string;

  @Field(() => Account, { description: 'The account the agent acts for.' })
  account!: Account;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => AgentStatus)
  status!: AgentStatus;

  @Field(() => Int, { description: 'KYA tier from 0 to 3; higher tiers allow larger limits.' })
  kyaTier!: number;

  @Field(() => KyaStatus)
  kyaStatus!: KyaStatus;

  @Field(() => Date, { nullable: true })
  kyaVerifiedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why verification was rejected, when it was.' })
  kyaReason!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the agent was suspended, when it is.' })
  statusReason!: string | null;

  @Field({ description: "The currency of the agent's limits and of every movement it makes." })
  currency!: string;

  @Field()
  livemode!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class AgentConnection extends ConnectionType('Agent', Agent) {}
