// PostgreSQL SQLSTATEs that mean "this connection, or the server, went away", not "this query
// is wrong": admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now
// (starting up / shutting down), and the whole connection-exception class 08.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// Drivers that report a lost connection with a message only (pg, pg-pool, ioredis, BullMQ).
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /is not queryable/,
  /timeout exceeded when trying to connect/,
  /^Connection is closed/,
  /max retries per request/i,
  /Stream isn't writeable/,
  /the database system is (starting up|shutting down|in recovery mode)/,
];

/** What a client sees when a dependency is down for a moment: it may retry the same request. */
export const SERVICE_UNAVAILABLE_MESSAGE = 'The service is briefly unavailable; retry the request (with the same idempotency key)';

/**
 * Whether an error says a PostgreSQL or Redis connection is gone or unreachable, as opposed to
 * a bug or a bad query. Such failures are transient: the pools replace the connection and the
 * request may be retried, so they reach clients as SERVICE_UNAVAILABLE, never as an internal error.
 */
export function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, message, driverError, cause, errors, originalError } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
    originalError?: unknown;
  };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08') || NETWORK_CODES.has(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // TypeORM wraps the driver's error; GraphQL wraps the resolver's; AggregateError (IPv4 and IPv6) holds several.
  const inner = [driverError, cause, originalError, ...(Array.isArray(errors) ? errors : [])];
  return inner.some((candidate) => isConnectionFailure(candidate, depth + 1));
}
