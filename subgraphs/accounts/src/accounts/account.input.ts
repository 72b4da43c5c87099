import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Account, AccountType } from './account.type';

@InputType()
export class AccountFilter {
  @Field(() => AccountType, { nullable: true })
  type?: AccountType | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive match on name or email.' })
  search?: string | null;
}

@InputType()
export class CreateAccountInput {
  @Field(() => AccountType)
  type!: AccountType;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  email?: string | null;
}

@InputType({
  description: 'Only the fields given change. Verification tier and status are not here: they move only through verification.',
})
export class UpdateAccountInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Omit to keep; null is refused (a name is required).' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Omit to keep; null or "" removes the email.' })
  email?: string | null;
}

@ObjectType()
export class CreateAccountPayload {
  @Field(() => Account)
  account!: Account;
}

@ObjectType()
export class UpdateAccountPayload {
  @Field(() => Account)
  account!: Account;
}
