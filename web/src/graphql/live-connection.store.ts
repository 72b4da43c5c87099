/**
 * The state of the dashboard's one graphql-ws connection, as a tiny external store for
 * `useSyncExternalStore`. Every live row shares this socket (graphql-ws multiplexes), so one
 * status describes them all.
 */
export type LiveStatus =
  // No subscription is open, so no socket is needed.
  | 'idle'
  | 'connecting'
  | 'live'
  // The socket dropped; graphql-ws is retrying with backoff.
  | 'reconnecting'
  // The gateway refused the session on the socket, even after a refresh.
  | 'refused'
  // Retries ran out or the socket failed for good; a reload is needed.
  | 'offline';

export interface LiveConnection {
  status(): LiveStatus;
  subscribe(listener: () => void): () => void;
  set(status: LiveStatus): void;
}

export function createLiveConnection(): LiveConnection {
  let current: LiveStatus = 'idle';
  const listeners = new Set<() => void>();
  return {
    status: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(status) {
      if (status === current) return;
      current = status;
      for (const listener of listeners) listener();
    },
  };
}
