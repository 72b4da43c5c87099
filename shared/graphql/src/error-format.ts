import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { createLogger, isConnectionFailure, SERVICE_UNAVAILABLE_MESSAGE } from '@orquesta/context';
import { DOMAIN_CODES } from './domain-error';

// Codes a client may see as they are. Anything else is an internal failure.
const PUBLIC_CODES = new Set([
  ...DOMAIN_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'SERVICE_UNAVAILABLE',
  'QUERY_TOO_COMPLEX',
]);

export type ErrorLogger = (entry: Record<string, unknown>) => void;

/** Unexpected errors go to the service's redacting logger at error level (lost connections at warn). */
export function errorLoggerFor(service: string): ErrorLogger {
  const logger = createLogger(service);
  return ({ msg, level, ...entry }) => (level === 'warn' ? logger.warn : logger.error).call(logger, String(msg ?? 'error'), entry);
}

/**
 * Apollo `formatError`: public codes pass with their message and extensions; a lost PostgreSQL
 * or Redis connection becomes a retryable SERVICE_UNAVAILABLE; everything else is logged once with its context and reaches the client as INTERNAL_SERVER_ERROR, with no
 * stack, SQL or driver text.
 */
export function createErrorFormatter(service: string, log: ErrorLogger = errorLoggerFor(service)) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
      // Internal names (which subgraph answered) and stacks stay inside.
      const { stacktrace: _stacktrace, exception: _exception, serviceName: _serviceName, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const original = unwrapResolverError(error);
    if (isConnectionFailure(original)) {
      // A connection dropped under this request: the pool replaces it, the client retries.
      log({ msg: 'dependency unavailable', level: 'warn', service, path: formatted.path, error: original instanceof Error ? original.message : String(original) });
      return { message: SERVICE_UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } };
    }
    log({
      msg: 'unexpected error',
      service,
      path: formatted.path,
      error: original instanceof Error ? original.message : JSON.stringify(original),
      stack: original instanceof Error ? original.stack : undefined,
    });
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
