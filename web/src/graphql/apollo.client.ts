import { ApolloClient, HttpLink, InMemoryCache, split, type NormalizedCacheObject } from '@apollo/client';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import type { SessionStore } from '../auth/session.store';
import { createLiveConnection, type LiveConnection } from './live-connection.store';
import { ResumableWsLink } from './resumable-ws.link';

const GRAPHQL_PATH = '/graphql';
/** Which data a dashboard session reads and writes; the gateway defaults to test. */
export type DashboardMode = 'test' | 'live';
const MODE_HEADER = 'orquesta-mode';
const HTTP_TIMEOUT_MS = 15_000;
const WS_ACK_TIMEOUT_MS = 10_000;
const WS_RETRY_ATTEMPTS_MAX = 8;
const WS_RETRY_WAIT_MAX_MS = 30_000;
// A search re-renders the table and resubscribes its rows; holding the idle socket briefly
// avoids a close and reconnect on every keystroke.
const WS_LAZY_CLOSE_MS = 5_000;
// 4401/4403: the gateway refused the socket's cookie, on `connection_init` or later when the
// access cookie it was opened with ran out. One refresh may cure it; a second refusal will not be.
const REFUSED_CLOSE_CODES: ReadonlySet<number> = new Set([4401, 4403]);
const REFUSALS_MAX = 1;
const NORMAL_CLOSE_CODE = 1000;
// graphql-ws's own code for `terminate()`, used here to reconnect after a refresh.
const TERMINATED_CLOSE_CODE = 4499;

export interface DashboardClient {
  readonly apollo: ApolloClient<NormalizedCacheObject>;
  readonly live: LiveConnection;
  dispose(): void;
}

interface DashboardClientOptions {
  readonly mode: DashboardMode;
  readonly session: Pick<SessionStore, 'generation' | 'refresh' | 'expire' | 'onRefreshed'>;
  readonly location: Pick<Location, 'protocol' | 'host'>;
}

/** ws(s)://<host>/graphql on the page's own origin. */
export function graphqlWebSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${GRAPHQL_PATH}`;
}

/**
 * One Apollo Client per session and mode: queries and mutations over HTTP, subscriptions over
 * one graphql-ws socket, both on the page's origin so the browser sends the HttpOnly session
 * cookie itself (no Authorization header, no token in JavaScript). Another session or mode
 * builds another client, so no cached data crosses them.
 */
export function createDashboardClient({ mode, session, location }: DashboardClientOptions): DashboardClient {
  const live = createLiveConnection();

  // A 401 means the access cookie ran out or was refused: refresh once and resend once; a second
  // 401 (or a refused refresh) ends the session and the shell shows the sign-in page.
  async function fetchWithSession(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const seen = session.generation();
    const send = () => fetch(input, { ...init, credentials: 'same-origin', signal: withTimeout(init?.signal, HTTP_TIMEOUT_MS) });
    const response = await send();
    if (response.status !== 401) return response;
    if (!(await session.refresh(seen))) return response;
    const retried = await send();
    if (retried.status === 401) session.expire();
    return retried;
  }

  const httpLink = new HttpLink({
    uri: GRAPHQL_PATH,
    credentials: 'same-origin',
    headers: { [MODE_HEADER]: mode },
    fetch: fetchWithSession,
  });

  // The socket is authenticated once, with the cookie sent on the upgrade request. After a
  // refresh it reconnects so that the gateway sees the new cookie; subscriptions resume.
  let generationAtConnect = session.generation();
  let refusals = 0;
  let reconnectNow = false;
  const socket = createClient({
    url: graphqlWebSocketUrl(location),
    connectionParams: { mode },
    lazy: true,
    lazyCloseTimeout: WS_LAZY_CLOSE_MS,
    connectionAckWaitTimeout: WS_ACK_TIMEOUT_MS,
    retryAttempts: WS_RETRY_ATTEMPTS_MAX,
    retryWait: async (retries) => {
      if (refusals > 0) {
        // Refused: refresh (or take the cookie another tab just refreshed), then reconnect at once.
        await session.refresh(generationAtConnect);
        return;
      }
      if (reconnectNow) {
        reconnectNow = false;
        return;
      }
      await sleep(Math.min(1_000 * 2 ** retries, WS_RETRY_WAIT_MAX_MS) + Math.random() * 1_000);
    },
    shouldRetry: (event) => {
      const code = closeCode(event);
      if (code === undefined) return false;
      if (REFUSED_CLOSE_CODES.has(code)) {
        refusals += 1;
        return refusals <= REFUSALS_MAX;
      }
      return true;
    },
    on: {
      connecting: (isRetry) => {
        generationAtConnect = session.generation();
        live.set(isRetry ? 'reconnecting' : 'connecting');
      },
      connected: (_socket, _payload, wasRetry) => {
        refusals = 0;
        live.set('live');
        // Subscriptions that have seen an event resume from it (ResumableWsLink). One that had
        // not seen any yet has nothing to resume from, so the visible queries are refetched.
        if (wasRetry) void apollo.refetchQueries({ include: 'active' }).catch(() => undefined);
      },
      closed: (event) => {
        const code = closeCode(event);
        if (code !== undefined && REFUSED_CLOSE_CODES.has(code)) live.set(refusals < REFUSALS_MAX ? 'reconnecting' : 'refused');
        else if (code === NORMAL_CLOSE_CODE) live.set('idle');
        else if (code === TERMINATED_CLOSE_CODE) live.set('reconnecting');
        else live.set('offline');
      },
    },
  });
  const stopReconnecting = session.onRefreshed(() => {
    reconnectNow = true;
    // Closes the current socket (if any) with 4499; graphql-ws reconnects and resubscribes.
    socket.terminate();
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
      stopReconnecting();
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
