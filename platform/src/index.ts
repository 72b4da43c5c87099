// The platform host: the one place that knows every subgraph, the gateway and the workers, and
// wires them into a running process (all-in-one or distributed).
export { composeSupergraph, compositionFiles, REPO_ROOT, type Composition } from './compose';
export { startPlatform, startGatewayFront, type Platform, type PlatformOptions } from './platform';
export { assertRedisReachable, prepareDatabase, redisConnection, type PreparedDatabase } from './infrastructure';
export { SUBGRAPHS, findSubgraph, subgraphUrl, type SubgraphModule, type SubgraphName } from './subgraph-registry';
export { startLocalServicesIfDown } from './local-services';
