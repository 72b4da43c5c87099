import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DecimalScalar, Money, MoneyInput } from '@orquesta/money';
import { Agent } from './agent.type';

@InputType({ description: 'Only the fields given change; null clears an amount (the KYA tier and parent account then decide).' })
export class UpdateAgentLimitsInput {
  @Field(() => ID)
  agentId!: string;

  @Field(() => MoneyInput, { nullable: true })
  perTransaction?: MoneyInput | null;

  @Field(() => MoneyInput, { nullable: true })
  daily?: MoneyInput | null;

  @Field(() => MoneyInput, { nullable: true })
  monthly?: MoneyInput | null;

  @Field(() => Int, { nullable: true })
  maxActiveStreams?: number | null;

  @Field(() => MoneyInput, { nullable: true })
  maxFlowRatePerMonth?: MoneyInput | null;

  @Field(() => MoneyInput, { nullable: true })
  maxStreamOutflow?: MoneyInput | null;

  @Field(() => MoneyInput, { nullable: true, description: "Above this, the agent's transfers and payouts wait for approval; null takes the tenant's default." })
  approvalThreshold?: MoneyInput | null;
}

@InputType()
export class TransactionPermissionsInput {
  @Field(() => Boolean, { nullable: true })
  initiate?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  approve?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  view?: boolean | null;
}

@InputType()
export class StreamPermissionsInput {
  @Field(() => Boolean, { nullable: true })
  initiate?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  modify?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  pause?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  terminate?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  view?: boolean | null;
}

@InputType()
export class AccountPermissionsInput {
  @Field(() => Boolean, { nullable: true })
  view?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  create?: boolean | null;
}

@InputType()
export class TreasuryPermissionsInput {
  @Field(() => Boolean, { nullable: true })
  view?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  rebalance?: boolean | null;
}

@InputType({ description: 'Only the permissions given change.' })
export class UpdateAgentPermissionsInput {
  @Field(() => ID)
  agentId!: string;

  @Field(() => TransactionPermissionsInput, { nullable: true })
  transactions?: TransactionPermissionsInput | null;

  @Field(() => StreamPermissionsInput, { nullable: true })
  streams?: StreamPermissionsInput | null;

  @Field(() => AccountPermissionsInput, { nullable: true })
  accounts?: AccountPermissionsInput | null;

  @Field(() => TreasuryPermissionsInput, { nullable: true })
  treasury?: TreasuryPermissionsInput | null;
}

@InputType()
export class KyaAttestationInput {
  @Field({ description: 'What is attested: operator_identity, model_card, code_audit…' })
  type!: string;

  @Field({ description: 'The evidence (a reference, a hash, a URL). The simulated verifier rejects the value "reject".' })
  value!: string;
}

@InputType()
export class SubmitKyaVerificationInput {
  @Field(() => ID)
  agentId!: string;

  @Field(() => Int, { description: 'The tier asked for: 1, 2 or 3.' })
  tier!: number;

  @Field(() => [KyaAttestationInput])
  attestations!: KyaAttestationInput[];
}

@InputType()
export class PauseAgentInput {
  @Field(() => ID)
  agentId!: string;
}

@InputType()
export class ResumeAgentInput {
  @Field(() => ID)
  agentId!: string;
}

@InputType()
export class SuspendAgentInput {
  @Field(() => ID)
  agentId!: string;

  @Field({ description: 'Shown on the agent (statusReason) and in the audit log.' })
  reason!: string;
}

@InputType()
export class ActivateAgentInput {
  @Field(() => ID)
  agentId!: string;
}

@ObjectType()
export class UpdateAgentLimitsPayload {
  @Field(() => Agent)
  agent!: Agent;
}

@ObjectType()
export class UpdateAgentPermissionsPayload {
  @Field(() => Agent)
  agent!: Agent;
}

@ObjectType()
export class SubmitKyaVerificationPayload {
  @Field(() => Agent)
  agent!: Agent;
}

@ObjectType()
export class PauseAgentPayload {
  @Field(() => Agent)
  agent!: Agent;
}

@ObjectType()
export class ResumeAgentPayload {
  @Field(() => Agent)
  agent!: Agent;
}

@ObjectType()
export class SuspendAgentPayload {
  @Field(() => Agent)
  agent!: Agent;
}

@ObjectType()
export class ActivateAgentPayload {
  @Field(() => Agent)
  agent!: Agent;
}

@ObjectType({ description: "What one parent-account verification tier lets the account's agents move, in whole units of each agent's currency. Null: no cap." })
export class AccountTierLimit {
  @Field(() => Int)
  tier!: number;

  @Field(() => DecimalScalar, { nullable: true })
  perTransaction!: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  daily!: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  monthly!: string | null;
}

@InputType()
export class AccountTierLimitInput {
  @Field(() => Int)
  tier!: number;

  @Field(() => DecimalScalar, { nullable: true })
  perTransaction?: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  daily?: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  monthly?: string | null;
}

@ObjectType({ description: "The tenant's agent settings." })
export class TenantAgentPolicy {
  @Field({ description: 'The IANA time zone agent days and months follow.' })
  timeZone!: string;

  @Field(() => Money, { nullable: true, description: 'Above this, agent transfers and payouts wait for approval (unless the agent sets its own).' })
  approvalThreshold!: Money | null;

  @Field(() => Int, { description: 'How long an approval waits before it expires and releases the hold.' })
  approvalTtlSeconds!: number;

  @Field(() => Money, { nullable: true, description: 'KYA tier 3 per-transaction limit; null: none.' })
  tier3PerTransaction!: Money | null;

  @Field(() => Money, { nullable: true })
  tier3Daily!: Money | null;

  @Field(() => Money, { nullable: true })
  tier3Monthly!: Money | null;

  @Field(() => [AccountTierLimit])
  accountTierLimits!: AccountTierLimit[];
}

@InputType({ description: 'Only the fields given change; null clears.' })
export class UpdateTenantAgentPolicyInput {
  @Field(() => String, { nullable: true })
  timeZone?: string | null;

  @Field(() => MoneyInput, { nullable: true })
  approvalThreshold?: MoneyInput | null;

  @Field(() => Int, { nullable: true })
  approvalTtlSeconds?: number | null;

  @Field(() => MoneyInput, { nullable: true })
  tier3PerTransaction?: MoneyInput | null;

  @Field(() => MoneyInput, { nullable: true })
  tier3Daily?: MoneyInput | null;

  @Field(() => MoneyInput, { nullable: true })
  tier3Monthly?: MoneyInput | null;

  @Field(() => [AccountTierLimitInput], { nullable: true })
  accountTierLimits?: AccountTierLimitInput[] | null;
}

@ObjectType()
export class UpdateTenantAgentPolicyPayload {
  @Field(() => TenantAgentPolicy)
  policy!: TenantAgentPolicy;
}
