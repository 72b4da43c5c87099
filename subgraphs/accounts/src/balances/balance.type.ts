import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@orquesta/graphql';
import { DecimalScalar, Money, MoneyInput } from '@orquesta/money';
import { Account } from '../accounts/account.type';

@ObjectType({ description: "An account's money in one currency, from the ledger. total = available + pending." })
export class Balance {
  @Field()
  currency!: string;

  @Field(() => DecimalScalar, { description: 'Spendable now.' })
  available!: string;

  @Field(() => DecimalScalar, { description: 'On hold for pending outgoing transfers.' })
  pending!: string;

  @Field(() => DecimalScalar, { description: 'The posted balance: available plus pending.' })
  total!: string;

  @Field(() => DecimalScalar, { description: 'Pending incoming money: not spendable and not in total until it is posted.' })
  incoming!: string;
}

export enum EntryDirection {
  DEBIT = 'debit',
  CREDIT = 'credit',
}
registerEnumType(EntryDirection, { name: 'EntryDirection', description: 'A credit adds to a balance, a debit takes from it.' });

export enum EntryPhase {
  PENDING = 'pending',
  POSTED = 'posted',
  RELEASED = 'released',
}
registerEnumType(EntryPhase, {
  name: 'EntryPhase',
  description: 'posted moves the balance; pending places a hold; released gives a hold back.',
});

@ObjectType({ description: 'One immutable line of the ledger on one account.' })
export class LedgerEntry {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The ledger transfer this entry belongs to.' })
  ledgerTransferId!: string;

  @Field(() => EntryDirection)
  direction!: EntryDirection;

  @Field(() => EntryPhase)
  phase!: EntryPhase;

  @Field(() => Money)
  amount!: Money;

  @Field(() => Money, { description: 'The posted balance of the account right after this entry.' })
  balanceAfter!: Money;

  @Field({ description: 'Why the money moved: deposit, internal_transfer, …' })
  reason!: string;

  @Field(() => String, { nullable: true, description: 'The id of what caused it, such as the Transfer id.' })
  reference!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class LedgerEntryConnection extends ConnectionType('LedgerEntry', LedgerEntry) {}

@ObjectType({ description: 'An account statement for one currency and period [from, to).' })
export class AccountStatement {
  @Field(() => Account)
  account!: Account;

  @Field()
  currency!: string;

  @Field()
  from!: Date;

  @Field()
  to!: Date;

  @Field(() => DecimalScalar, { description: 'Posted balance at `from`.' })
  openingBalance!: string;

  @Field(() => DecimalScalar, { description: 'Posted balance at `to`: opening + credits − debits.' })
  closingBalance!: string;

  @Field(() => DecimalScalar, { description: 'Posted credits in the period.' })
  totalCredits!: string;

  @Field(() => DecimalScalar, { description: 'Posted debits in the period.' })
  totalDebits!: string;

  @Field(() => Int, { description: 'Entries of every phase in the period.' })
  entryCount!: number;

  /** Not a field: where `entries` reads from. */
  ledgerAccountId!: string;
}

@InputType()
export class SimulateDepositInput {
  @Field(() => ID)
  accountId!: string;

  @Field(() => MoneyInput)
  amount!: MoneyInput;

  @Field({ description: 'Required; a retry with the same key deposits nothing more.' })
  idempotencyKey!: string;
}

@ObjectType()
export class SimulateDepositPayload {
  @Field(() => Account)
  account!: Account;

  @Field(() => Balance, { description: 'The balance in the deposited currency afterwards.' })
  balance!: Balance;
}
