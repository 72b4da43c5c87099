/** A GraphQL error as the gateway returns it. */
export interface GraphqlError {
  readonly message: string;
  readonly extensions?: { readonly code?: string };
}

export interface GraphqlClient {
  /** Resolves with `data`; rejects on a transport failure, a non-200 status or any `errors` entry. */
  request<TData>(query: string, variables?: Record<string, unknown>): Promise<TData>;
}

export interface GraphqlClientOptions {
  readonly url: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

export function createGraphqlClient(options: GraphqlClientOptions): GraphqlClient {
  return {
    async request<TData>(query: string, variables?: Record<string, unknown>): Promise<TData> {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
      });
      const text = await response.text();
      let payload: { data?: TData; errors?: GraphqlError[] };
      try {
        payload = JSON.parse(text) as typeof payload;
      } catch {
        throw new Error(`${options.url} answered ${response.status} with a non-JSON body: ${text.slice(0, 300)}`);
      }
      if (payload.errors?.length) {
        const summary = payload.errors.map((error) => `${error.extensions?.code ?? 'NO_CODE'}: ${error.message}`).join('; ');
        throw new Error(`GraphQL errors (HTTP ${response.status}): ${summary}`);
      }
      if (response.status !== 200 || payload.data === undefined) {
        throw new Error(`${options.url} answered ${response.status}: ${text.slice(0, 300)}`);
      }
      return payload.data;
    },
  };
}
