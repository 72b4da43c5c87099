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

  @Field(() => String, { nullable: true, description: "The currency of the agent's limits and movements (USD unless given)." })
  currency?: string | null;
}

@ObjectType()
export class CreateAgentPayload {
  @Field(() => Agent)
  agent!: Agent;
}

@InputType()
export class UpdateAgentInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => AgentStatus, { nullable: true, description: 'paused or suspended: its tokens are refused at once, open websockets included.' })
  status?: AgentStatus | null;
}

@ObjectType()
export class UpdateAgentPayload {
  @Field(() => Agent)
  agent!: Agent;
}
