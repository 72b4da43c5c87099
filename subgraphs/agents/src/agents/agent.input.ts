import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Agent, AgentStatus } from './agent.type';

@InputType()
export class AgentFilter {
  @Field(() => ID, { nullable: true })
  accountId?: string | null;

  @Field(() => AgentStatus, { nullable: true })
  status?: AgentStatus | null;
}

@InputType()
export class CreateAgentInput {
  @Field(() => ID, { description: 'The account the agent acts for.' })
  accountId!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@ObjectType()
export class CreateAgentPayload {
  @Field(() => Agent)
  agent!: Agent;
}
