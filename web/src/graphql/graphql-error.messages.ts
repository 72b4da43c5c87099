import { ApolloError } from '@apollo/client';
import { formatMoney } from '../money/money.format';

/**
 * Codes the gateway lets through to clients (see `shared/graphql/src/error-format.ts`), plus
 * INTERNAL_SERVER_ERROR for everything it hides. Each has a sentence for people; adding a
 * code here without a sentence fails to compile.
 */
type PublicErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'INSUFFICIENT_FUNDS'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'AGENT_LIMIT_EXCEEDED'
  | 'QUERY_TOO_COMPLEX'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'BAD_REQUEST'
  | 'OPERATION_RESOLUTION_FAILURE'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'PERSISTED_QUERY_NOT_SUPPORTED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

interface ErrorDetail {
  readonly message: string;
  readonly extensions: Readonly<Record<string, unknown>>;
}

const SENTENCES: Record<PublicErrorCode, (detail: ErrorDetail) => string> = {
  UNAUTHENTICATED: () => 'Your session is no longer accepted. Sign in again.',
  FORBIDDEN: ({ extensions }) =>
    typeof extensions.permission === 'string'
      ? `Your role does not allow that (it needs the “${extensions.permission}” permission).`
      : 'Your role does not allow that.',
  RATE_LIMITED: ({ extensions }) =>
    typeof extensions.retryAfterSeconds === 'number'
      ? `Too many attempts. Try again in ${Math.ceil(extensions.retryAfterSeconds)} seconds.`
      : 'Too many attempts. Try again in a moment.',
  NOT_FOUND: ({ extensions }) =>
    `That ${typeof extensions.entity === 'string' ? extensions.entity.toLowerCase() : 'item'} does not exist, or you cannot see it.`,
  BAD_USER_INPUT: describeBadInput,
  CONFLICT: ({ message }) => `${capitalize(message)}.`,
  // `available` is a decimal string in `currency`, the payer's balance when it was refused.
  INSUFFICIENT_FUNDS: ({ extensions }) =>
    typeof extensions.available === 'string' && typeof extensions.currency === 'string'
      ? `Not enough money: ${formatMoney(extensions.available, extensions.currency)} available.`
      : 'Not enough money in the paying account.',
  // Amounts are decimal strings in `currency`; `window` names the limit that refused it.
  AGENT_LIMIT_EXCEEDED: ({ extensions }) =>
    `Over the agent's ${String(extensions.window ?? '')} limit: ${String(extensions.requested ?? '?')} asked, ${String(extensions.remaining ?? '?')} ${String(extensions.currency ?? '')} left.`,
  IDEMPOTENCY_KEY_REUSED: () => 'This request was already sent once with other details, so it was not repeated. Check the form and send it again.',
  QUERY_TOO_COMPLEX: () => 'That request asks for too much at once. Narrow the search and try again.',
  GRAPHQL_PARSE_FAILED: () => 'The dashboard sent a request the server could not read. Reload the page.',
  GRAPHQL_VALIDATION_FAILED: () => 'The dashboard is out of date with the server. Reload the page.',
  BAD_REQUEST: () => 'The server could not handle that request. Reload the page and try again.',
  OPERATION_RESOLUTION_FAILURE: () => 'The dashboard sent a request the server could not resolve. Reload the page.',
  PERSISTED_QUERY_NOT_FOUND: () => 'The server did not recognise that request. Reload the page.',
  PERSISTED_QUERY_NOT_SUPPORTED: () => 'The server did not recognise that request. Reload the page.',
  SERVICE_UNAVAILABLE: () => 'Part of Orquesta is not answering right now. Try again in a moment.',
  INTERNAL_SERVER_ERROR: () => 'Something went wrong on our side. Try again in a moment.',
};

const UNREACHABLE = 'Cannot reach Orquesta. Check your connection and try again.';
const TIMED_OUT = 'The server took too long to answer. Try again in a moment.';
const UNKNOWN = 'Something went wrong. Try again in a moment.';

/** The first error's `extensions.code`, from a GraphQL response or a non-2xx HTTP response body. */
export function errorCode(error: unknown): string | undefined {
  return firstDetail(error)?.extensions.code as string | undefined;
}

/** One sentence a person can act on, chosen by `extensions.code`. Never internals. */
export function describeError(error: unknown): string {
  const detail = firstDetail(error);
  if (detail) {
    const code = detail.extensions.code;
    if (typeof code === 'string' && isPublicErrorCode(code)) return SENTENCES[code](detail);
    return UNKNOWN;
  }
  if (error instanceof ApolloError && error.networkError) return describeNetworkError(error.networkError);
  if (error instanceof Error && error.message.startsWith('Socket closed')) return 'Live updates were interrupted.';
  return UNKNOWN;
}

function describeNetworkError(error: Error): string {
  if (error.name === 'TimeoutError') return TIMED_OUT;
  if ('statusCode' in error && typeof error.statusCode === 'number') {
    if (error.statusCode === 401) return SENTENCES.UNAUTHENTICATED({ message: '', extensions: {} });
    if (error.statusCode === 403) return SENTENCES.FORBIDDEN({ message: '', extensions: {} });
    if (error.statusCode >= 500) return SENTENCES.INTERNAL_SERVER_ERROR({ message: '', extensions: {} });
  }
  return UNREACHABLE;
}

function firstDetail(error: unknown): ErrorDetail | undefined {
  if (!(error instanceof ApolloError)) return undefined;
  const fromGraphQL = error.graphQLErrors[0];
  if (fromGraphQL) return { message: fromGraphQL.message, extensions: fromGraphQL.extensions ?? {} };
  // A 4xx/5xx with a GraphQL body (e.g. 401 UNAUTHENTICATED) arrives as a network error whose
  // `result` still carries the errors.
  const network = error.networkError;
  if (network && 'result' in network && typeof network.result === 'object' && network.result !== null) {
    const errors = (network.result as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const first = errors[0] as { message?: unknown; extensions?: unknown };
      return {
        message: typeof first.message === 'string' ? first.message : '',
        extensions: typeof first.extensions === 'object' && first.extensions !== null ? (first.extensions as Record<string, unknown>) : {},
      };
    }
  }
  return undefined;
}

// Field paths whose last segment does not read as a label on its own.
const FIELD_LABELS: Readonly<Record<string, string>> = {
  'input.fromAccountId': 'paying account',
  'input.toAccountId': 'receiving account',
};

// The services write these as "<field path>: <what is wrong>" with the path in
// `extensions.field` (e.g. "input.name: must not be empty"); people read "Name must not be empty".
function describeBadInput({ message, extensions }: ErrorDetail): string {
  const field = extensions.field;
  if (typeof field === 'string' && message.startsWith(`${field}: `)) {
    const label = FIELD_LABELS[field] ?? (field.split('.').pop() ?? field).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    return `${capitalize(label)} ${message.slice(field.length + 2).trim().replace(/\.$/, '')}.`;
  }
  return `Please check the form: ${message.trim().replace(/\.$/, '')}.`;
}

function isPublicErrorCode(code: string): code is PublicErrorCode {
  return Object.hasOwn(SENTENCES, code);
}

function capitalize(text: string): string {
  const trimmed = text.trim().replace(/\.$/, '');
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}
