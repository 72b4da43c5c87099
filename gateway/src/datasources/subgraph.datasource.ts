import { GraphQLError } from 'graphql';
import { RemoteGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { CONTEXT_HEADER, SIGNATURE_HEADER, createLogger, encodeContext, type RequestContext } from '@orquesta/context';
import type { Subgraph } from '@orquesta/graphql';

const log = createLogger('gateway');

/** What the gateway keeps per request: the authenticated context it forwards, signed. */
export interface GatewayContext {
  readonly request: RequestContext;
}

function signedHeaders(context: unknown, secret: string): Record<string, string> {
  const request = (context as Partial<GatewayContext> | undefined)?.request;
  // No context, no signature: the subgraph will refuse the call, as it should.
  return request ? { ...encodeContext(request, secret) } : {};
}

/**
 * Calls a subgraph hosted in this process: the same signed context and the same verification
 * as over HTTP, executed directly (no socket, no JSON round trip).
 */
export class InProcessDataSource implements GraphQLDataSource<Record<string, unknown>> {
  constructor(
    private readonly subgraph: Subgraph,
    private readonly contextSecret: string,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<Record<string, unknown>>): Promise<GatewayGraphQLResponse> {
    const headers = signedHeaders(options.context, this.contextSecret);
    const { query, variables, operationName } = options.request;
    const result = await this.subgraph.execute(headers[CONTEXT_HEADER], headers[SIGNATURE_HEADER], {
      query: query ?? '',
      variables: variables ?? undefined,
      operationName: operationName ?? undefined,
    });
    if (!result) throw new Error(`subgraph ${this.subgraph.name} refused the request context`);
    return result as GatewayGraphQLResponse;
  }
}

// A subgraph that does not answer in time is treated as down for this request.
const SUBGRAPH_TIMEOUT_MS = 10_000;

/** Calls a subgraph over HTTP (distributed mode) with the signed context headers. */
export class SignedRemoteDataSource extends RemoteGraphQLDataSource<Record<string, unknown>> {
  constructor(url: string, private readonly contextSecret: string) {
    super({
      url,
      fetcher: ((input: string, init?: RequestInit) => fetch(input, { ...init, signal: AbortSignal.timeout(SUBGRAPH_TIMEOUT_MS) })) as never,
    });
  }

  override async process(options: GraphQLDataSourceProcessOptions<Record<string, unknown>>): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      // A subgraph that is down or restarting: the client gets a clear, retryable error and
      // whatever the other subgraphs could answer.
      log.warn('subgraph unavailable', { url: this.url, error: String(error) });
      throw new GraphQLError('A service is temporarily unavailable; retry shortly', { extensions: { code: 'SERVICE_UNAVAILABLE' } });
    }
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<Record<string, unknown>>): void {
    const headers = signedHeaders(options.context, this.contextSecret);
    for (const [key, value] of Object.entries(headers)) options.request.http?.headers.set(key, value);
  }
}
