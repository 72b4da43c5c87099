import type { Server as HttpServer } from 'node:http';
import {
  createSourceEventStream,
  execute,
  GraphQLError,
  OperationTypeNode,
  getOperationAST,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLogger } from '@orquesta/context';
import { createErrorFormatter } from '@orquesta/graphql';
import type { OutboxEvent } from '@orquesta/events';
import { clientAddress, requestContextFor, type Authenticator, type Principal, type RequestCredentials } from '../auth/authenticate';
import type { EventHub } from './event-hub';
import type { GatewayContext } from '../datasources/subgraph.datasource';
import { checkSubscriptionDocument, schemaDetailsAllowed, type GraphQLLimitsOptions } from '../http/graphql-limits';

interface SocketState {
  credentials: RequestCredentials;
  principal?: Principal;
  connectedAt: number;
  /** Ids of the subscriptions this socket holds now. */
  active: Set<string>;
}

// Each subscription holds a Redis listener and a replay cursor: bounded per socket.
export const SUBSCRIPTIONS_PER_SOCKET_MAX = 100;

// Refetched data is keyed by response key (alias or name), so nested fields read it that way.
const byResponseKey: GraphQLFieldResolver<unknown, unknown> = (source, _args, _ctx, info) =>
  source !== null && typeof source === 'object' ? (source as Record<string, unknown>)[info.path.key as string] : undefined;

// Every pushed result names the event behind it: its id is the cursor to resume from.
function withEventExtensions(
  source: AsyncIterableIterator<OutboxEvent>,
  args: ExecutionArgs,
): AsyncIterableIterator<ExecutionResult> {
  return {
    async next() {
      const next = await source.next();
      if (next.done) return { value: undefined, done: true };
      const event = next.value;
      const result = await execute({ ...args, rootValue: event, fieldResolver: byResponseKey });
      return { value: { ...result, extensions: { ...result.extensions, event: { id: event.id, type: event.type } } }, done: false };
    },
    return: () => source.return!().then(() => ({ value: undefined, done: true as const })),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

export interface SubscriptionServerOptions {
  readonly httpServer: HttpServer;
  readonly path: string;
  readonly schema: () => GraphQLSchema | undefined;
  readonly authenticator: Authenticator;
  /** Credential events (revocations, agent status) re-check the affected sockets at once. */
  readonly hub: EventHub;
  /** The public graph's limits, the same as over HTTP. */
  readonly limits: GraphQLLimitsOptions;
  /** How often open sockets re-check their credential anyway (expiry, a lost event). */
  readonly recheckIntervalMs?: number;
}

/**
 * graphql-ws on the gateway's own HTTP server. Authenticates on connection_init (a bad or
 * missing credential closes with 4403), serves only subscriptions, and closes sockets whose
 * credential stops being valid.
 */
export function startSubscriptionServer(options: SubscriptionServerOptions) {
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: 64 * 1024 });
  const sockets = new Map<WebSocket, SocketState>();
  const formatError = createErrorFormatter('gateway-subscriptions');
  const logger = createLogger('gateway-subscriptions');

  const disposable = useServer<Record<string, unknown>, { state: SocketState }>(
    {
      connectionInitWaitTimeout: 5_000,
      async onConnect(ctx) {
        // The same credentials as over HTTP: a bearer in connectionParams, or the session cookie.
        const request = ctx.extra.request;
        const credentials: RequestCredentials = {
          authorization: ctx.connectionParams?.authorization,
          cookie: request.headers.cookie,
          mode: ctx.connectionParams?.mode,
          ip: clientAddress(request),
          userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'].slice(0, 512) : undefined,
        };
        const principal = await options.authenticator.authenticate(credentials);
        if (!principal) return false;
        const state: SocketState = { credentials, principal, connectedAt: Date.now(), active: new Set() };
        ctx.extra.state = state;
        sockets.set(ctx.extra.socket, state);
        return true;
      },
      onClose(ctx, code) {
        sockets.delete(ctx.extra.socket);
        // One line per authenticated socket, like the HTTP request log (never the credential).
        const { principal, connectedAt } = ctx.extra.state ?? {};
        if (principal) {
          logger.info('websocket closed', {
            path: options.path,
            code,
            durationMs: Date.now() - connectedAt!,
            tenantId: principal.tenantId,
            livemode: principal.livemode,
            actorType: principal.actor.type,
            actorId: principal.actor.id,
          });
        }
      },
      context(ctx): GatewayContext {
        const state = ctx.extra.state!;
        return { request: requestContextFor(state.principal!, undefined, state.credentials) };
      },
      onSubscribe(ctx, id, payload) {
        const active = ctx.extra.state!.active;
        if (active.size >= SUBSCRIPTIONS_PER_SOCKET_MAX) {
          return [new GraphQLError(`At most ${SUBSCRIPTIONS_PER_SOCKET_MAX} subscriptions per connection`, { extensions: { code: 'BAD_REQUEST' } })];
        }
        // Queries and mutations go over HTTP; the websocket carries subscriptions only.
        if (typeof payload.query !== 'string' || payload.query.length > 20_000) {
          return [new GraphQLError('query must be a string of at most 20000 characters', { extensions: { code: 'BAD_USER_INPUT' } })];
        }
        const schema = options.schema();
        if (!schema) return [new GraphQLError('The gateway is starting; retry shortly', { extensions: { code: 'SERVICE_UNAVAILABLE' } })];
        // Tokens, depth, aliases, cost, introspection and suggestions: as over HTTP.
        const context: GatewayContext = { request: requestContextFor(ctx.extra.state!.principal!) };
        const checked = checkSubscriptionDocument(schema, payload, schemaDetailsAllowed(context, options.limits));
        if ('errors' in checked) return checked.errors;
        const operation = getOperationAST(checked.document, payload.operationName)?.operation;
        // (No operation found: graphql-ws answers "Unable to identify operation".)
        if (operation !== undefined && operation !== OperationTypeNode.SUBSCRIPTION) {
          return [new GraphQLError('Only subscriptions are served over websocket; send queries and mutations over HTTP', { extensions: { code: 'BAD_REQUEST' } })];
        }
        active.add(id);
        // Parsed and validated once, here: graphql-ws runs these arguments as they are.
        return { schema, document: checked.document, operationName: payload.operationName, variableValues: payload.variables };
      },
      onComplete(ctx, id) {
        ctx.extra.state?.active.delete(id);
      },
      async subscribe(args) {
        const stream = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in stream)) return stream;
        return withEventExtensions(stream as AsyncIterableIterator<OutboxEvent>, args);
      },
      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors) return undefined;
        return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) };
      },
      onError(ctx, id, _payload, errors) {
        ctx.extra.state?.active.delete(id);
        return errors.map((error) => formatError(error.toJSON(), error));
      },
    },
    wss,
  );

  // Closes the sockets whose credential no longer verifies (revoked, expired, agent paused).
  async function recheckSockets(only?: (state: SocketState) => boolean, fresh = false): Promise<void> {
    for (const [socket, state] of sockets) {
      if (only && !only(state)) continue;
      const principal = await options.authenticator.authenticate(state.credentials, { fresh }).catch(() => state.principal);
      if (!principal) socket.close(4403, 'Forbidden');
    }
  }

  const recheck = setInterval(() => void recheckSockets(), options.recheckIntervalMs ?? 15_000);
  recheck.unref();
  const credentialEvents = options.hub.subscribeCredentials({
    onEvent(event) {
      options.authenticator.invalidate();
      void recheckSockets((state) => state.principal?.tenantId === event.tenantId, true);
    },
    onResync() {
      options.authenticator.invalidate();
      void recheckSockets(undefined, true);
    },
  });

  return {
    get connections() {
      return sockets.size;
    },
    async stop() {
      clearInterval(recheck);
      (await credentialEvents)();
      for (const socket of sockets.keys()) socket.close(1001, 'Going away');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
