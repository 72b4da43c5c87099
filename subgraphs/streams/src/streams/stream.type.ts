import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@orquesta/graphql';
import { Money } from '@orquesta/money';

export enum StreamStatus {
  ACTIVE = 'active',
  PAUSED = 'paused',
  CANCELLED = 'cancelled',
  DEPLETED = 'depleted',
}
registerEnumType(StreamStatus, { name: 'StreamStatus' });

/** The accounts subgraph owns Account; this subgraph adds the streams it sends or receives. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Account {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'Money flowing per second from one account to another.' })
@Directive('@key(fields: "id")')
export class Stream {
  @Field(() => ID)
  id!: string;

  @Field(() => StreamStatus)
  status!: StreamStatus;

  @Field(() => Account)
  sender!: Account;

  @Field(() => Account)
  receiver!: Account;

  @Field(() => Money, { description: 'Minor units per second in the stream currency.' })
  flowRatePerSecond!: Money;

  @Field()
  livemode!: boolean;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class StreamConnection extends ConnectionType('Stream', Stream) {}
