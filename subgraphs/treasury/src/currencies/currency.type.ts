import { Directive, Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A currency the platform holds, with its minor-unit scale.' })
@Directive('@key(fields: "code")')
export class Currency {
  @Field({ description: 'ISO 4217 code, or USDC.' })
  code!: string;

  @Field(() => Int, { description: 'Digits after the decimal point: 2 for USD, 6 for USDC.' })
  scale!: number;

  @Field()
  name!: string;
}
