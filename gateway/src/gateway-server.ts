import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import { createLogger, isConnectionFailure, SERVICE_UNAVAILABLE_MESSAGE } from '@orquesta/context';
import {
  BodyTooLargeError,
  createErrorFormatter,
  executeHttp,
  headerMapOf,
  parseJsonBody,
  readBody,
  send,
  sendJson,
  serveReadiness,
  type ReadinessChecks,
} from '@orquesta/graphql';
import { anonymousContext, credentialsOf, hasCredential, isPublicOperation, requestContextFor, type Authenticator } from './auth/authenticate';
import { revokesCredentials } from './auth/revocation';
import { createSessionCookieRoutes } from './auth/session-cookies';
import type { GatewayContext } from './datasources/subgraph.datasource';
import { BATCH_MAX, GRAPHQL_LIMIT_RULES, TOKENS_MAX, graphqlLimitsPlugin } from './http/graphql-limits';
import { logRequestWhenDone, operationNameOf, requestIdOf, type RequestFacts } from './http/request-log';
import { createStaticFiles } from './http/static-files';
import type { EventHub } from './subscriptions/event-hub';
import type { EventSource } from './subscriptions/live-events';
import { attachSubscriptionResolvers } from './subscriptions/subscription-fields';
import { withSubscriptions } from './subscriptions/subscription.sdl';
import { startSubscriptionServer } from './subscriptions/subscription-server';

/** Where payment rails call back (the platform host supplies the handler). */
export const RAIL_CALLBACK_PATH = '/callbacks/rails/';

/** Where signed export files are downloaded (the platform host supplies the handler). */
export const EXPORT_DOWNLOAD_PREFIX = '/exports/';

export interface GatewayServerOptions {
  readonly supergraphSdl: string;
  readonly buildService: (name: string, url: string) => GraphQLDataSource;
  readonly authenticator: Authenticator;
  readonly hub: EventHub;
  readonly events: EventSource;
  /** What the gateway depends on (PostgreSQL, Redis), probed by `GET /readyz`. */
  readonly readiness: ReadinessChecks;
  readonly webDist?: string;
  /** Whether test-mode credentials may introspect and see suggestions (default true); live-mode ones never may. */
  readonly introspection?: boolean;
  /** How often open websockets re-check their credential (default 15 s). */
  readonly socketRecheckMs?: number;
  /** Mark the dashboard's cookies Secure (HTTPS only); on in production. */
  readonly secureCookies?: boolean;
  /**
   * Tells every other gateway replica that a tenant's credentials changed (a revocation ran
   * here), so they forget cached verdicts and re-check sockets at once rather than when the
   * outbox event reaches them. This replica forgets its own before it answers.
   */
  readonly announceCredentialsChanged?: (tenantId: string) => void;
  /** Provider callbacks for payouts (`POST /callbacks/rails/:rail`); absent: the route answers 404. */
  readonly railCallbacks?: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>;
  /** Signed export downloads (`GET /exports/<id>/download?…`, no session); absent: the route answers 404. */
  readonly exportDownloads?: (req: IncomingMessage, res: ServerResponse, path: string, search: string) => Promise<void>;
}

export interface GatewayServer {
  readonly httpServer: Server;
  readonly apollo: ApolloServer<GatewayContext>;
  listen(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

const UNAUTHENTICATED = { errors: [{ message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } }] };

/**
 * The public entry point: @apollo/gateway for queries and mutations over HTTP, graphql-ws for
 * subscriptions on the same /graphql path, the dashboard's static files, health probes.
 */
export async function createGatewayServer(options: GatewayServerOptions): Promise<GatewayServer> {
  const logger = createLogger('gateway');
  // Apollo's own messages go through the same redacting logger (its chatty info as debug).
  const apolloLogger = {
    debug: (message?: unknown) => logger.debug(String(message)),
    info: (message?: unknown) => logger.debug(String(message)),
    warn: (message?: unknown) => logger.warn(String(message)),
    error: (message?: unknown) => logger.error(String(message)),
  };
  const gateway = new ApolloGateway({
    logger: apolloLogger,
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => options.buildService(name, url ?? ''),
  });
  let subscriptionSchema: GraphQLSchema | undefined;
  const limits = { introspection: options.introspection ?? true };
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger: apolloLogger,
    formatError: createErrorFormatter('gateway'),
    includeStacktraceInErrorResponses: false,
    // Introspection follows the credential's mode, per request (graphqlLimitsPlugin).
    introspection: true,
    validationRules: GRAPHQL_LIMIT_RULES,
    parseOptions: { maxTokens: TOKENS_MAX },
    // Batches are allowed up to BATCH_MAX operations (checked before Apollo sees the body).
    allowBatchedHttpRequests: true,
    // The process decides when to stop (it drains everything in order), not each Apollo server.
    stopOnTerminationSignals: false,
    // No HTTP caching of a payments graph: skip the per-field cache-hint bookkeeping.
    plugins: [ApolloServerPluginCacheControlDisabled(), graphqlLimitsPlugin(limits)],
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    subscriptionSchema = attachSubscriptionResolvers(withSubscriptions(apiSchema), { apollo, hub: options.hub, events: options.events });
  });
  await apollo.start();

  const web = createStaticFiles(options.webDist);

  function credentialsChanged(tenantId: string): void {
    options.authenticator.invalidate();
    options.announceCredentialsChanged?.(tenantId);
  }

  const sessionCookies = createSessionCookieRoutes({ apollo, authenticator: options.authenticator, secure: options.secureCookies ?? false, credentialsChanged });

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, search: string, facts: RequestFacts): Promise<void> {
    res.setHeader('x-request-id', facts.requestId);
    const credentials = credentialsOf(req);
    const principal = hasCredential(credentials) ? await options.authenticator.authenticate(credentials) : undefined;
    if (principal) {
      facts.tenantId = principal.tenantId;
      facts.livemode = principal.livemode;
      facts.actorType = principal.actor.type;
      facts.actorId = principal.actor.id;
    }
    const text = req.method === 'POST' ? await readBody(req) : '';
    const body = parseJsonBody(text);
    if (!body.ok) {
      return sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    }
    facts.operationName = operationNameOf(body.value);
    if (Array.isArray(body.value) && (body.value.length === 0 || body.value.length > BATCH_MAX)) {
      const message = `A batch holds between 1 and ${BATCH_MAX} operations; this one has ${body.value.length}`;
      return sendJson(res, 400, { errors: [{ message, extensions: { code: 'BAD_REQUEST', batchMax: BATCH_MAX } }] });
    }
    // Without a valid credential only the mutations that hand one out are served (never in a batch).
    const operation = (body.value ?? {}) as { query?: unknown; operationName?: unknown };
    if (!principal && !isPublicOperation(operation.query, operation.operationName)) return sendJson(res, 401, UNAUTHENTICATED);
    const request = principal ? requestContextFor(principal, facts.requestId, credentials) : anonymousContext(facts.requestId, credentials);
    const context: GatewayContext = { request };
    const response = await executeHttp(apollo, req.method ?? 'GET', headerMapOf(req.headers), search, body.value, async () => context);
    // The revocation has committed: the next request with that credential, here, is refused.
    if (principal && revokesCredentials(body.value)) credentialsChanged(principal.tenantId);
    send(res, { ...response, headers: { ...response.headers, 'x-request-id': facts.requestId } });
  }

  const httpServer = createServer(async (req, res) => {
    const [path, query = ''] = (req.url ?? '/').split('?', 2);
    const facts: RequestFacts = { requestId: requestIdOf(req) };
    logRequestWhenDone(logger, req, res, path, facts);
    try {
      if (path === '/healthz') return send(res, { status: 200, headers: {}, body: 'ok' });
      if (path === '/readyz') {
        return await serveReadiness(res, { ...options.readiness, supergraph: async () => subscriptionSchema ?? Promise.reject(new Error('not loaded')) });
      }
      if (path === '/graphql') return await handleGraphQL(req, res, query, facts);
      if (path.startsWith('/auth/') && (await sessionCookies.handle(path, req, res, facts.requestId))) return undefined;
      if (path.startsWith(RAIL_CALLBACK_PATH) && options.railCallbacks) return await options.railCallbacks(req, res, path);
      if (path.startsWith(EXPORT_DOWNLOAD_PREFIX) && options.exportDownloads) return await options.exportDownloads(req, res, path, query);
      if (req.method === 'GET' && web.serve(path, res)) return undefined;
      send(res, { status: 404, headers: {}, body: 'not found' });
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { errors: [{ message: 'Request body too large', extensions: { code: 'BAD_REQUEST' } }] });
      if (isConnectionFailure(error)) {
        // PostgreSQL or Redis dropped under this request (authentication reads both): retryable.
        logger.warn('request failed: dependency unavailable', { requestId: facts.requestId, error: error instanceof Error ? error.message : String(error) });
        if (!res.headersSent) res.setHeader('retry-after', '1');
        if (!res.headersSent) sendJson(res, 503, { errors: [{ message: SERVICE_UNAVAILABLE_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } }] });
        return undefined;
      }
      logger.error('request failed', { requestId: facts.requestId, error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
  });
  httpServer.keepAliveTimeout = 65_000;

  const subscriptions = startSubscriptionServer({
    httpServer,
    path: '/graphql',
    schema: () => subscriptionSchema,
    authenticator: options.authenticator,
    hub: options.hub,
    limits,
    recheckIntervalMs: options.socketRecheckMs,
  });

  return {
    httpServer,
    apollo,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve((httpServer.address() as AddressInfo).port));
      });
    },
    async stop() {
      await subscriptions.stop();
      // Stop accepting, let requests in flight finish (5 s at most), then close what is left.
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      httpServer.closeAllConnections();
      await closed;
      await apollo.stop();
    },
  };
}
