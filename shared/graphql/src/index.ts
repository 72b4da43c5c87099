import 'reflect-metadata';

export {
  type DomainError,
  type Result,
  ok,
  fail,
  badInput,
  notFound,
  unwrap,
  toGraphQLError,
  assertUnreachable,
  requirePermission,
  requireOwnAccount,
  checkPermission,
} from './domain-error';
export { createErrorFormatter, type ErrorLogger } from './error-format';
export { checkReadiness, serveReadiness, type Readiness, type ReadinessChecks } from './readiness';
export {
  PageInfo,
  PageArgs,
  ConnectionType,
  pageRequest,
  toConnection,
  PAGE_SIZE_MAX,
  PAGE_SIZE_DEFAULT,
  type Connection,
  type Edge,
  type PageRequest,
} from './connection';
export { buildFederatedSchema } from './federated-schema';
export {
  executeHttp,
  headerMapOf,
  readBody,
  send,
  sendJson,
  parseJsonBody,
  BodyTooLargeError,
  BODY_LIMIT_BYTES,
  type PlainResponse,
} from './http-graphql';
export { createSubgraph, listenSubgraph, type Subgraph, type SubgraphDefinition, type SubgraphRequest } from './subgraph-server';
export { createBatchLoader, createChildPageLoader, type ChildPageKey } from './batch-loader';
export { checkName, checkOptionalText } from './input-rules';
