import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@orquesta/graphql';

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
  SUSPENDED = 'suspended',
}
registerEnumType(KyaStatus, { name: 'KyaStatus', description: 'Where know-your-agent verification stands.' });

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

  @Field()
  livemode!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class AgentConnection extends ConnectionType('Agent', Agent) {}
