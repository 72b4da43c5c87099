import { Args, ArgsType, Ctx, Field, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { pageRequest, unwrap } from '@orquesta/graphql';
import type { StreamsContext } from '../streams.context';
import { Account, StreamConnection } from './stream.type';

@ArgsType()
class StreamsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, 1 to 100.' })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@Resolver(() => Account)
export class AccountStreamsResolver {
  @FieldResolver(() => StreamConnection, { description: 'Streams this account sends or receives, newest first.' })
  async streams(@Root() account: Account, @Args() { first, after }: StreamsArgs, @Ctx() ctx: StreamsContext): Promise<StreamConnection> {
    const page = unwrap(pageRequest(first, after));
    return (await ctx.loaders.streamsByAccount.load({ parentId: account.id, page })) as StreamConnection;
  }
}
