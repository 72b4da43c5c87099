import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T = Record<string, any>> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, any> }>;
}

/** POSTs a GraphQL request exactly as a partner's client would. */
export async function postGraphQL<T = Record<string, any>>(
  url: string,
  apiKey: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Omit<GraphQLResponse<T>, 'status'>) : {};
  return { status: response.status, ...body };
}

/** Asserts success and returns `data`, with the errors in the failure message otherwise. */
export async function queryOk<T = Record<string, any>>(url: string, apiKey: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await postGraphQL<T>(url, apiKey, query, variables);
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL request failed (${response.status}): ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

export function subscriptionClient(wsUrl: string, apiKey: string, options: { retryAttempts?: number } = {}): Client {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${apiKey}` },
    retryAttempts: options.retryAttempts ?? 0,
    lazy: true,
  });
}

export interface Subscription<T> {
  /** Waits for the next message, failing after `timeoutMs`. */
  next(timeoutMs?: number): Promise<ExecutionResult<T, { event?: { id: string; type: string } }>>;
  /** The next message that satisfies `predicate`; earlier ones are dropped. */
  until(
    predicate: (message: ExecutionResult<T, { event?: { id: string; type: string } }>) => boolean,
    timeoutMs?: number,
  ): Promise<ExecutionResult<T, { event?: { id: string; type: string } }>>;
  /** Waits `ms`, then forgets every message received so far. */
  drain(ms: number): Promise<void>;
  /** Resolves true if no message arrives within `ms`. */
  quiet(ms: number): Promise<boolean>;
  close(): void;
}

/** Subscribes and queues every message, so a test can read them one at a time. */
export function subscribe<T = Record<string, any>>(client: Client, query: string, variables?: Record<string, unknown>): Subscription<T> {
  type Message = ExecutionResult<T, { event?: { id: string; type: string } }>;
  const messages: Message[] = [];
  const waiters: Array<(message: Message) => void> = [];
  let failure: unknown;
  const push = (message: Message) => {
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else messages.push(message);
  };
  const dispose = client.subscribe<T, { event?: { id: string; type: string } }>(
    { query, variables },
    {
      next: push,
      error: (error) => {
        failure = error;
        push({ errors: [{ message: `subscription error: ${JSON.stringify(error)}` } as never] });
      },
      complete: () => undefined,
    },
  );
  return {
    next(timeoutMs = 10_000) {
      const queued = messages.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const index = waiters.indexOf(onMessage);
          if (index >= 0) waiters.splice(index, 1);
          reject(new Error(`no subscription message within ${timeoutMs} ms${failure ? `: ${JSON.stringify(failure)}` : ''}`));
        }, timeoutMs);
        const onMessage = (message: Message) => {
          clearTimeout(timer);
          resolve(message);
        };
        waiters.push(onMessage);
      });
    },
    async until(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const message = await this.next(Math.max(1, deadline - Date.now()));
        if (predicate(message)) return message;
      }
    },
    async drain(ms) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      messages.length = 0;
    },
    async quiet(ms) {
      if (messages.length > 0) return false;
      return new Promise((resolve) => {
        const onMessage = (message: Message) => {
          messages.unshift(message);
          clearTimeout(timer);
          resolve(false);
        };
        const timer = setTimeout(() => {
          const index = waiters.indexOf(onMessage);
          if (index >= 0) waiters.splice(index, 1);
          resolve(true);
        }, ms);
        waiters.push(onMessage);
      });
    },
    close: dispose,
  };
}
