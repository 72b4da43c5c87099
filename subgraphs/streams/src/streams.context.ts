import type DataLoader from 'dataloader';
import type { RequestContext } from '@orquesta/context';
import { createChildPageLoader, type ChildPageKey, type Connection } from '@orquesta/graphql';
import { streamFromRow, type StreamRow } from './streams/stream.record';
import type { StreamService } from './streams/stream.service';
import type { Stream } from './streams/stream.type';

export interface StreamsContext {
  readonly request: RequestContext;
  readonly services: { readonly streams: StreamService };
  readonly loaders: {
    readonly streamsByAccount: DataLoader<ChildPageKey, Connection<Stream>, string>;
  };
}

export function createStreamsContext(request: RequestContext, services: StreamsContext['services']): StreamsContext {
  return {
    request,
    services,
    loaders: {
      streamsByAccount: createChildPageLoader<StreamRow & { parent_id: string }, Stream>(
        (accountIds, page) => services.streams.pagesForAccounts(request, accountIds, page),
        streamFromRow,
      ),
    },
  };
}
