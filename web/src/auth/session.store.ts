import { sessionApi, type AuthProblem, type SessionApi, type SessionGrant } from './session.api';

/**
 * The dashboard's sign-in state, as a small external store for `useSyncExternalStore`. The
 * session itself lives in HttpOnly cookies; this store only knows who is signed in and when the
 * access cookie runs out, refreshes it shortly before, and keeps the tabs of this browser in
 * step (they share the cookies).
 */
export type SessionState =
  // The page just loaded and is asking the gateway whether the refresh cookie still holds.
  | { readonly status: 'restoring' }
  | { readonly status: 'signed-out'; readonly reason: SignedOutReason }
  | { readonly status: 'signed-in'; readonly grant: SessionGrant };

export type SignedOutReason =
  // Nobody was signed in when the page loaded.
  | 'none'
  // The person pressed "Sign out" (here or in another tab).
  | 'signed-out'
  // The gateway stopped accepting the session (expired, revoked, signed out everywhere).
  | 'expired'
  // The page loaded but could not reach the gateway to restore the session.
  | 'unreachable';

export interface SessionStore {
  state(): SessionState;
  subscribe(listener: () => void): () => void;
  /** How many refreshes this tab has seen (its own and other tabs'). */
  generation(): number;
  /** On page load: a refresh restores the session if the refresh cookie is still good. */
  restore(): Promise<void>;
  /** Undefined when signed in; otherwise what went wrong. */
  signIn(input: { readonly email: string; readonly password: string }): Promise<AuthProblem | undefined>;
  /**
   * After a credential refused at `seenGeneration`: true when a newer access cookie is in
   * place (refreshed now, or already by another caller or tab since). A refresh the gateway
   * refuses ends the session.
   */
  refresh(seenGeneration: number): Promise<boolean>;
  /** The gateway refused the session even after a refresh: back to the sign-in page. */
  expire(): void;
  /** Ends the session at the gateway; false (and still signed in) when it could not be reached. */
  signOut(): Promise<boolean>;
  /** Called after each refresh of the same session, so the websocket reconnects with the new cookie. */
  onRefreshed(listener: () => void): () => void;
}

// Refresh this long before the access cookie runs out, less a random share so tabs spread out.
const REFRESH_LEAD_MS = 60_000;
const REFRESH_JITTER_MS = 15_000;
// A scheduled refresh that could not reach the gateway is tried again, a bounded number of times.
const REFRESH_RETRY_MS = 10_000;
const REFRESH_RETRIES_MAX = 5;
// Signing out with less than this left on the access cookie renews it first.
const SIGN_OUT_MARGIN_MS = 5_000;
const LOCK_NAME = 'orquesta.session.refresh';
const CHANNEL_NAME = 'orquesta.session';

// What tabs tell each other. Never a token: the grant is ids and an expiry.
type TabMessage = { readonly type: 'granted'; readonly grant: SessionGrant } | { readonly type: 'signed-out' };

type Rotation = 'refreshed' | 'refused' | 'failed';

export function createSessionStore(api: SessionApi = sessionApi): SessionStore {
  let current: SessionState = { status: 'restoring' };
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let rotating: Promise<Rotation> | undefined;
  const listeners = new Set<() => void>();
  const refreshedListeners = new Set<() => void>();
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL_NAME) : undefined;

  channel?.addEventListener('message', (event: MessageEvent<TabMessage>) => {
    if (event.data.type === 'granted') granted(event.data.grant, 'other-tab');
    else if (current.status === 'signed-in') signedOut('signed-out', 'other-tab');
  });

  function set(next: SessionState): void {
    current = next;
    for (const listener of listeners) listener();
  }

  function granted(grant: SessionGrant, from: 'this-tab' | 'other-tab'): void {
    const sameSession = current.status === 'signed-in' && current.grant.sessionId === grant.sessionId;
    generation += 1;
    set({ status: 'signed-in', grant });
    schedule(grant);
    if (from === 'this-tab') channel?.postMessage({ type: 'granted', grant } satisfies TabMessage);
    // A new session (another sign-in) rebuilds the client instead; a refresh only renews the socket.
    if (sameSession) for (const listener of refreshedListeners) listener();
  }

  function signedOut(reason: SignedOutReason, from: 'this-tab' | 'other-tab'): void {
    clearTimeout(timer);
    set({ status: 'signed-out', reason });
    if (from === 'this-tab') channel?.postMessage({ type: 'signed-out' } satisfies TabMessage);
  }

  function schedule(grant: SessionGrant): void {
    clearTimeout(timer);
    const dueInMs = Date.parse(grant.accessTokenExpiresAt) - Date.now() - REFRESH_LEAD_MS - Math.random() * REFRESH_JITTER_MS;
    const seen = generation;
    timer = setTimeout(() => void refreshOnSchedule(seen, 0), Math.max(0, dueInMs));
  }

  async function refreshOnSchedule(seen: number, retries: number): Promise<void> {
    const rotation = await rotate(seen);
    if (rotation === 'refused') expireSession();
    else if (rotation === 'failed' && retries < REFRESH_RETRIES_MAX && current.status === 'signed-in') {
      timer = setTimeout(() => void refreshOnSchedule(seen, retries + 1), REFRESH_RETRY_MS);
    }
  }

  // One rotation at a time in this tab (callers share it), and one at a time across tabs (a lock):
  // the refresh cookie is single use, and presenting a spent one makes the gateway end every
  // session of the user as if it had been stolen.
  function rotate(seen: number): Promise<Rotation> {
    rotating ??= withTabLock(async (): Promise<Rotation> => {
      // Someone refreshed after the caller's credential was refused: the cookie is already new.
      if (generation > seen && current.status === 'signed-in') return 'refreshed';
      const result = await api.refresh();
      if (result.ok) {
        granted(result.grant, 'this-tab');
        return 'refreshed';
      }
      return result.problem.code === 'UNAUTHENTICATED' ? 'refused' : 'failed';
    }).finally(() => {
      rotating = undefined;
    });
    return rotating;
  }

  function expireSession(): void {
    if (current.status === 'signed-in') signedOut('expired', 'this-tab');
  }

  return {
    state: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    generation: () => generation,
    async restore() {
      const rotation = await rotate(generation);
      // Another tab may have signed in meanwhile; only a still-restoring page gives up here.
      if (rotation !== 'refreshed' && current.status === 'restoring') {
        set({ status: 'signed-out', reason: rotation === 'refused' ? 'none' : 'unreachable' });
      }
    },
    async signIn(input) {
      const result = await api.login(input);
      if (!result.ok) return result.problem;
      granted(result.grant, 'this-tab');
      return undefined;
    },
    async refresh(seenGeneration) {
      const rotation = await rotate(seenGeneration);
      if (rotation === 'refused') expireSession();
      return rotation === 'refreshed';
    },
    expire: expireSession,
    async signOut() {
      // The gateway ends the session its access cookie names; a cookie that has already run out
      // (a sleeping laptop delays timers) names none, so it is renewed first.
      if (current.status === 'signed-in' && Date.parse(current.grant.accessTokenExpiresAt) - Date.now() < SIGN_OUT_MARGIN_MS) {
        await rotate(generation);
      }
      if (!(await api.logout())) return false;
      signedOut('signed-out', 'this-tab');
      return true;
    },
    onRefreshed(listener) {
      refreshedListeners.add(listener);
      return () => refreshedListeners.delete(listener);
    },
  };
}

function withTabLock<T>(work: () => Promise<T>): Promise<T> {
  // Web Locks exist in every current browser's secure contexts (https, localhost, 127.0.0.1).
  const locks = typeof navigator === 'object' ? navigator.locks : undefined;
  return locks ? (locks.request(LOCK_NAME, work) as Promise<T>) : work();
}
