import { ApolloClient, HttpLink, InMemoryCache, split, type NormalizedCacheObject } from '@apollo/client';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { createLiveConnection, type LiveConnection } from './live-connection.store';
import { ResumableWsLink } from './resumable-ws.link';

const GRAPHQL_PATH = '/graphql';
const HTTP_TIMEOUT_MS = 15_000;
const WS_ACK_TIMEOUT_MS = 10_000;
const WS_RETRY_ATTEMPTS_MAX = 8;
const WS_RETRY_WAIT_MAX_MS = 30_000;
// A search re-renders the table and resubscribes its rows; holding the idle socket briefly
// avoids a close and reconnect on every keystroke.
const WS_LAZY_CLOSE_MS = 5_000;
// 4401/4403: the gateway refused the key on `connection_init`. The same key will be refused again.
const REFUSED_CLOSE_CODES: ReadonlySet<number> = new Set([4401, 4403]);
const NORMAL_CLOSE_CODE = 1000;

export interface DashboardClient {
  readonly apollo: ApolloClient<NormalizedCacheObject>;
  readonly live: LiveConnection;
  dispose(): void;
}

interface DashboardClientOptions {
  readonly apiKey: string;
  readonly location: Pick<Location, 'protocol' | 'host'>;
}

/** ws(s)://<host>/graphql on the page's own origin. */
export function graphqlWebSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${GRAPHQL_PATH}`;
}

/**
 * One Apollo Client per API key: queries and mutations over HTTP, subscriptions over one
 * graphql-ws socket. A new key builds a new client, so no cached data crosses keys.
 */
export function createDashboardClient({ apiKey, location }: DashboardClientOptions): DashboardClient {
  const authorization = `Bearer ${apiKey}`;
  const live = createLiveConnection();

  const httpLink = new HttpLink({
    uri: GRAPHQL_PATH,
    headers: { authorization },
    fetch: (input, init) => fetch(input, { ...init, signal: withTimeout(init?.signal, HTTP_TIMEOUT_MS) }),
  });

  const socket = createClient({
    url: graphqlWebSocketUrl(location),
    connectionParams: { authorization },
    lazy: true,
    lazyCloseTimeout: WS_LAZY_CLOSE_MS,
    connectionAckWaitTimeout: WS_ACK_TIMEOUT_MS,
    retryAttempts: WS_RETRY_ATTEMPTS_MAX,
    retryWait: (retries) => sleep(Math.min(1_000 * 2 ** retries, WS_RETRY_WAIT_MAX_MS) + Math.random() * 1_000),
    shouldRetry: (event) => {
      const code = closeCode(event);
      return code !== undefined && !REFUSED_CLOSE_CODES.has(code);
    },
    on: {
      connecting: (isRetry) => live.set(isRetry ? 'reconnecting' : 'connecting'),
      connected: (_socket, _payload, wasRetry) => {
        live.set('live');
        // Subscriptions that have seen an event resume from it (ResumableWsLink). One that had
        // not seen any yet has nothing to resume from, so the visible queries are refetched.
        if (wasRetry) void apollo.refetchQueries({ include: 'active' }).catch(() => undefined);
      },
      closed: (event) => {
        const code = closeCode(event);
        if (code !== undefined && REFUSED_CLOSE_CODES.has(code)) live.set('refused');
        else if (code === NORMAL_CLOSE_CODE) live.set('idle');
        else live.set('offline');
      },
    },
  });

  const link = split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new ResumableWsLink(socket),
    httpLink,
  );

  const apollo = new ApolloClient({ link, cache: new InMemoryCache() });

  return {
    apollo,
    live,
    dispose() {
      apollo.stop();
      void apollo.clearStore().catch(() => undefined);
      void socket.dispose();
      live.set('idle');
    },
  };
}

function withTimeout(signal: AbortSignal | null | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

function sleep(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, durationMs));
}

function closeCode(event: unknown): number | undefined {
  if (typeof event === 'object' && event !== null && 'code' in event && typeof event.code === 'number') return event.code;
  return undefined;
}
