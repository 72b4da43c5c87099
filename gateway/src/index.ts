// The gateway alone: what the platform host assembles into a running process.
export { createGatewayServer, RAIL_CALLBACK_PATH, EXPORT_DOWNLOAD_PREFIX, type GatewayServer, type GatewayServerOptions } from './gateway-server';
export { REVOKING_MUTATIONS } from './auth/revocation';
export { createAuthenticator, type Authenticator, type RequestCredentials } from './auth/authenticate';
export { InProcessDataSource, SignedRemoteDataSource, type GatewayContext } from './datasources/subgraph.datasource';
export { EventHub } from './subscriptions/event-hub';
export type { EventSource } from './subscriptions/live-events';
export { SUBSCRIPTION_SDL, withSubscriptions } from './subscriptions/subscription.sdl';
export { SUBSCRIPTIONS_PER_SOCKET_MAX } from './subscriptions/subscription-server';
export { ALIASES_MAX, BATCH_MAX, COST_MAX, DEPTH_MAX, TOKENS_MAX, queryCost } from './http/graphql-limits';
export { GATEWAY_ROOT, SUPERGRAPH_PATH, PUBLIC_SCHEMA_PATH } from './gateway-files';
