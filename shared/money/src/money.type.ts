import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { Directive, Field, InputType, ObjectType } from 'type-graphql';
import { findCurrency } from './currency';
import { formatMinor } from './decimal';

const DECIMAL_SHAPE = /^-?\d{1,40}(\.\d{1,40})?$/;

function asDecimalString(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL_SHAPE.test(value)) {
    throw new GraphQLError('Decimal must be a string in plain decimal notation, such as "30.00"', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

/**
 * An exact decimal carried as a string. Numbers are refused on input: a JSON number has
 * already been through a float by the time it reaches us.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string in plain notation, such as "30.00". Never a float.',
  serialize: (value) => asDecimalString(value),
  parseValue: (value) => asDecimalString(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Decimal must be a string literal, such as "30.00"', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return asDecimalString(ast.value);
  },
});

@ObjectType({ description: 'An exact amount of money in a currency.' })
@Directive('@shareable')
export class Money {
  @Field(() => DecimalScalar, { description: 'The amount in major units, with exactly the currency\'s decimals.' })
  amount!: string;

  @Field({ description: 'ISO 4217 code (or USDC).' })
  currency!: string;
}

@InputType({ description: 'An amount as a decimal string in a currency; more decimals than the currency has are refused.' })
export class MoneyInput {
  @Field(() => DecimalScalar)
  amount!: string;

  @Field()
  currency!: string;
}

/** The GraphQL view of minor units in a known currency. */
export function toMoney(minor: bigint, currencyCode: string): Money {
  const currency = findCurrency(currencyCode);
  if (!currency) throw new Error(`toMoney: unknown currency ${currencyCode}`);
  return Object.assign(new Money(), { amount: formatMinor(minor, currency.scale), currency: currency.code });
}
