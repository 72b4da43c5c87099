import { Args, ArgsType, Ctx, Field, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { pageRequest, unwrap } from '@orquesta/graphql';
import type { PaymentsContext } from '../payments.context';
import { Account, TransferConnection } from './transfer.type';

@ArgsType()
class TransfersArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, 1 to 100.' })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@Resolver(() => Account)
export class AccountTransfersResolver {
  @FieldResolver(() => TransferConnection, { description: 'Transfers from or to this account, newest first.' })
  async transfers(@Root() account: Account, @Args() { first, after }: TransfersArgs, @Ctx() ctx: PaymentsContext): Promise<TransferConnection> {
    const page = unwrap(pageRequest(first, after));
    return (await ctx.loaders.transfersByAccount.load({ parentId: account.id, page })) as TransferConnection;
  }
}
