import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@orquesta/graphql';
import { Money } from '@orquesta/money';
import { Agent } from '../agents/agent.type';

export enum ApprovalStatus {
  PENDING = 'pending',
  APPROVED = 'approved',
  REJECTED = 'rejected',
  EXPIRED = 'expired',
}
registerEnumType(ApprovalStatus, { name: 'ApprovalStatus', description: 'PENDING → APPROVED | REJECTED | EXPIRED (each final).' });

/** The payments subgraph owns Transfer; an approval names the one it holds. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Transfer {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'Who decided an approval.' })
export class ApprovalDecider {
  @Field({ description: 'user, api_key, agent or system.' })
  type!: string;

  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;
}

@ObjectType({ description: "An agent's transfer or payout above its approval threshold, waiting for an owner or admin (money held, usage reserved)." })
@Directive('@key(fields: "id")')
export class Approval {
  @Field(() => ID)
  id!: string;

  @Field(() => Agent)
  agent!: Agent;

  @Field(() => Transfer, { description: 'The held transfer or payout (PENDING_APPROVAL until decided).' })
  transfer!: Transfer;

  @Field({ description: 'internal_transfer or payout.' })
  action!: string;

  @Field(() => Money)
  amount!: Money;

  @Field(() => ApprovalStatus)
  status!: ApprovalStatus;

  @Field(() => String, { nullable: true, description: "The agent's own reasoning for the action." })
  reasoning!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected, when it was.' })
  decisionReason!: string | null;

  @Field(() => ApprovalDecider, { nullable: true })
  decidedBy!: ApprovalDecider | null;

  @Field({ description: 'Unless decided by then, the approval expires and the hold is released.' })
  expiresAt!: Date;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class ApprovalConnection extends ConnectionType('Approval', Approval) {}
