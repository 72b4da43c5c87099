import { ApolloError, ApolloLink, Observable, type FetchResult, type Operation } from '@apollo/client';
import { print } from '@apollo/client/utilities';
import type { GraphQLFormattedError } from 'graphql';
import type { Client } from 'graphql-ws';

/**
 * Subscriptions over graphql-ws that pick up where they left off.
 *
 * The gateway puts each event's id in the `next` message's `extensions.event.id` and, given
 * `after`, replays every change since that event before going live. graphql-ws re-sends the
 * same subscribe payload object each time it reconnects, so keeping that payload's
 * `variables.after` at the last event received turns a reconnect into a resume. Only
 * operations that declare an `$after` variable are treated this way.
 */
export class ResumableWsLink extends ApolloLink {
  readonly #socket: Client;

  constructor(socket: Client) {
    super();
    this.#socket = socket;
  }

  override request(operation: Operation): Observable<FetchResult> {
    const resumable = declaresVariable(operation, 'after');
    const payload = {
      operationName: operation.operationName,
      query: print(operation.query),
      variables: { ...operation.variables } as Record<string, unknown>,
      extensions: operation.extensions,
    };
    return new Observable<FetchResult>((observer) =>
      this.#socket.subscribe(payload, {
        next: (result) => {
          const eventId = eventIdOf(result.extensions);
          if (resumable && eventId !== undefined) payload.variables.after = eventId;
          // graphql-ws types `data` as possibly null; Apollo's FetchResult union is narrower
          // about it. The value is the same execution result either way.
          observer.next(result as FetchResult);
        },
        complete: () => observer.complete(),
        error: (error) => observer.error(toError(error)),
      }),
    );
  }
}

function declaresVariable(operation: Operation, name: string): boolean {
  return operation.query.definitions.some(
    (definition) =>
      definition.kind === 'OperationDefinition' &&
      (definition.variableDefinitions ?? []).some((variable) => variable.variable.name.value === name),
  );
}

function eventIdOf(extensions: unknown): string | undefined {
  if (typeof extensions !== 'object' || extensions === null || !('event' in extensions)) return undefined;
  const event = extensions.event;
  if (typeof event !== 'object' || event === null || !('id' in event)) return undefined;
  return typeof event.id === 'string' ? event.id : undefined;
}

// Same mapping as Apollo's GraphQLWsLink: errors stay errors, a closed socket becomes an Error
// naming its close code, and GraphQL errors become an ApolloError so `extensions.code` survives.
function toError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (typeof error === 'object' && error !== null && 'code' in error && 'reason' in error) {
    return new Error(`Socket closed with event ${String(error.code)} ${String(error.reason)}`.trim());
  }
  const graphQLErrors = (Array.isArray(error) ? error : [error]) as GraphQLFormattedError[];
  return new ApolloError({ graphQLErrors });
}
