import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '@orquesta/money';

@ObjectType({ description: 'How many units of `to` one unit of `from` buys, as of a moment.' })
export class FxRate {
  @Field()
  from!: string;

  @Field()
  to!: string;

  @Field(() => DecimalScalar, { description: 'Exact decimal, up to 12 decimal places.' })
  rate!: string;

  @Field()
  asOf!: Date;

  @Field({ description: 'DIRECT, INVERSE or CROSS_USD: how the rate was derived from stored quotes.' })
  derivation!: string;
}
