import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@orquesta/graphql';
import { Money } from '@orquesta/money';
import { Initiator, Transfer } from '../transfers/transfer.type';

export enum DisputeReason {
  SERVICE_NOT_RECEIVED = 'service_not_received',
  DUPLICATE_CHARGE = 'duplicate_charge',
  UNAUTHORIZED = 'unauthorized',
  AMOUNT_INCORRECT = 'amount_incorrect',
  OTHER = 'other',
}
registerEnumType(DisputeReason, { name: 'DisputeReason' });

export enum DisputeStatus {
  OPEN = 'open',
  UNDER_REVIEW = 'under_review',
  ESCALATED = 'escalated',
  WON = 'won',
  LOST = 'lost',
  ACCEPTED = 'accepted',
}
registerEnumType(DisputeStatus, {
  name: 'DisputeStatus',
  description: 'open → under_review (evidence submitted) → won | lost; open | under_review → escalated → won | lost; any open status → accepted.',
});

export enum DisputeOutcome {
  WON = 'won',
  LOST = 'lost',
}
registerEnumType(DisputeOutcome, { name: 'DisputeOutcome', description: "The rail's (simulated) decision." });

@ObjectType({ description: "The payee's answer to a dispute." })
export class DisputeEvidence {
  @Field(() => String, { nullable: true })
  explanation!: string | null;

  @Field(() => String, { nullable: true })
  serviceDocumentation!: string | null;

  @Field(() => String, { nullable: true })
  customerCommunication!: string | null;

  @Field(() => String, { nullable: true })
  refundPolicy!: string | null;

  @Field(() => Date, { nullable: true })
  submittedAt!: Date | null;
}

@ObjectType({ description: "A customer's claim against a transfer: its amount is held on the payee until it is decided." })
export class Dispute {
  @Field(() => ID)
  id!: string;

  @Field(() => Transfer)
  transfer!: Transfer;

  @Field(() => DisputeStatus)
  status!: DisputeStatus;

  @Field(() => Money)
  amount!: Money;

  @Field(() => DisputeReason)
  reason!: DisputeReason;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => DisputeEvidence)
  evidence!: DisputeEvidence;

  @Field({ description: 'Evidence is due by then (30 days after opening).' })
  dueBy!: Date;

  @Field(() => Initiator)
  initiatedBy!: Initiator;

  @Field()
  livemode!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => Date, { nullable: true })
  resolvedAt!: Date | null;
}

@ObjectType()
export class DisputeConnection extends ConnectionType('Dispute', Dispute) {}
