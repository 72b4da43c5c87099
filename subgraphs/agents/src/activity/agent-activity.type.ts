import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@orquesta/graphql';
import { Money } from '@orquesta/money';
import { Agent } from '../agents/agent.type';
import { Transfer } from '../approvals/approval.type';

export enum ActivityOutcomeKind {
  DONE = 'done',
  REFUSED = 'refused',
  PENDING = 'pending',
}
registerEnumType(ActivityOutcomeKind, { name: 'ActivityOutcome', description: 'DONE: it happened; REFUSED: nothing moved; PENDING: waits for an approval.' });

@ObjectType({ description: 'Where the action stood against the window that mattered (amounts after the action when done or pending).' })
export class LimitCheck {
  @Field(() => Money, { nullable: true, description: 'Null: no limit.' })
  limit!: Money | null;

  @Field(() => Money)
  used!: Money;

  @Field(() => Money, { nullable: true })
  remaining!: Money | null;
}

@ObjectType({ description: 'One thing an agent did or tried, with its reasoning and the platform\'s explanation.' })
export class AgentActivity {
  @Field(() => ID)
  id!: string;

  @Field(() => Agent)
  agent!: Agent;

  @Field({ description: 'internal_transfer, payout…' })
  action!: string;

  @Field(() => ActivityOutcomeKind)
  outcome!: ActivityOutcomeKind;

  @Field(() => Money, { nullable: true })
  amount!: Money | null;

  @Field(() => String, { nullable: true, description: 'The account paid, or the payout destination.' })
  counterparty!: string | null;

  @Field({ description: "The agent's own reasoning (when it gave one), then the platform's explanation." })
  reasoning!: string;

  @Field(() => LimitCheck, { nullable: true })
  limitCheck!: LimitCheck | null;

  @Field(() => Transfer, { nullable: true, description: 'The transfer or payout, when one was created.' })
  transfer!: Transfer | null;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class AgentActivityConnection extends ConnectionType('AgentActivity', AgentActivity) {}

export enum AgentInsightKind {
  LIMIT_USAGE_HIGH = 'limit_usage_high',
  REFUSALS_RISING = 'refusals_rising',
  STREAM_BUDGET_LOW = 'stream_budget_low',
  APPROVALS_WAITING = 'approvals_waiting',
}
registerEnumType(AgentInsightKind, { name: 'AgentInsightKind' });

export enum InsightSeverity {
  INFO = 'info',
  WARNING = 'warning',
  CRITICAL = 'critical',
}
registerEnumType(InsightSeverity, { name: 'InsightSeverity' });

@ObjectType({ description: 'Something about an agent worth a look, computed from its usage, activity and approvals.' })
export class AgentInsight {
  @Field(() => AgentInsightKind)
  kind!: AgentInsightKind;

  @Field(() => InsightSeverity)
  severity!: InsightSeverity;

  @Field()
  message!: string;

  @Field(() => Int, { nullable: true, description: 'The figure behind it: a percentage, a count.' })
  value!: number | null;
}
