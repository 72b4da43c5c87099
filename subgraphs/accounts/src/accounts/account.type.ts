import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@orquesta/graphql';

export enum AccountType {
  PERSON = 'person',
  BUSINESS = 'business',
}
registerEnumType(AccountType, { name: 'AccountType', description: 'A natural person (KYC) or a company (KYB).' });

export enum VerificationStatus {
  UNVERIFIED = 'unverified',
  PENDING = 'pending',
  VERIFIED = 'verified',
  REJECTED = 'rejected',
  SUSPENDED = 'suspended',
}
registerEnumType(VerificationStatus, { name: 'VerificationStatus', description: 'Where KYC/KYB verification stands.' });

@ObjectType({ description: "A partner's customer, holding money and acting through agents." })
@Directive('@key(fields: "id")')
export class Account {
  @Field(() => ID)
  id!: string;

  @Field(() => AccountType)
  type!: AccountType;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => Int, { description: 'KYC/KYB tier from 0 (none) to 3 (full).' })
  verificationTier!: number;

  @Field(() => VerificationStatus)
  verificationStatus!: VerificationStatus;

  @Field({ description: 'True for live-mode data, false for test mode.' })
  livemode!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class AccountConnection extends ConnectionType('Account', Account) {}
