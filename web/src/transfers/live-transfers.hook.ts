import { useApolloClient, useSubscription, type TypedDocumentNode } from '@apollo/client';
import { graphql } from '../gql';

// Every transfer event, carrying the transfer as the rows render it: a new transfer is put at
// the top of the open list and a changed one re-renders from the normalised cache, with no
// refetch over HTTP.
const LiveTransferEvents = graphql(`
  subscription LiveTransferEvents($after: ID) {
    paymentEvents(types: ["transfer.*"], after: $after) {
      id
      type
      entity {
        ... on Transfer {
          id
          ...TransferRowFields
        }
      }
    }
  }
`);

interface TransferList {
  readonly transfers: { readonly nodes: ReadonlyArray<{ readonly id: string }> };
}

/**
 * Keeps one transfers query live: new transfers that pass `accepts` are prepended (up to the
 * page size), existing ones update in place through the cache.
 */
export function useLiveTransfers<TData extends TransferList, TVariables extends Record<string, unknown>>(
  query: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  options: { readonly pageSize: number; readonly accepts?: (transfer: { readonly type?: string; readonly status?: string }) => boolean; readonly skip?: boolean },
): void {
  const client = useApolloClient();
  useSubscription(LiveTransferEvents, {
    skip: options.skip,
    onData: ({ data }) => {
      const entity = data.data?.paymentEvents.entity;
      // Only the Transfer branch of the union is selected: anything else arrives empty.
      if (!entity || !('id' in entity)) return;
      const transfer = entity as unknown as { readonly id: string; readonly type?: string; readonly status?: string };
      if (options.accepts && !options.accepts(transfer)) return;
      client.cache.updateQuery({ query, variables }, (current) => {
        if (!current || current.transfers.nodes.some((node) => node.id === transfer.id)) return current;
        // The event carries every field the list's rows select (the same fragment).
        return {
          ...current,
          transfers: { ...current.transfers, nodes: [entity, ...current.transfers.nodes].slice(0, options.pageSize) },
        } as never;
      });
    },
  });
}
