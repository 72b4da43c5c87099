import { GraphQLError } from 'graphql';
import { agentMay, hasPermission, type AgentPermission, type Permission, type RequestContext } from '@orquesta/context';

/**
 * Expected failures, as values. Each carries what a caller needs to act on it. Adding a code
 * here without mapping it in `toGraphQLError` fails to compile.
 */
export type DomainError =
  | { readonly code: 'NOT_FOUND'; readonly entity: string; readonly id: string }
  | { readonly code: 'BAD_USER_INPUT'; readonly field: string; readonly message: string }
  | { readonly code: 'UNAUTHENTICATED'; readonly message?: string }
  /** Too many attempts: try again after `retryAfterSeconds`. */
  | { readonly code: 'RATE_LIMITED'; readonly retryAfterSeconds: number }
  | { readonly code: 'FORBIDDEN'; readonly permission: string }
  | { readonly code: 'CONFLICT'; readonly message: string }
  /** `available` is a decimal string in `currency`; `accountId` is the account that lacks it. */
  | { readonly code: 'INSUFFICIENT_FUNDS'; readonly accountId: string; readonly currency: string; readonly available: string }
  | { readonly code: 'IDEMPOTENCY_KEY_REUSED'; readonly key: string }
  /**
   * An agent asked for more than its effective limits allow. Amounts are decimal strings in
   * `currency`; `limit` names the window ('perTransaction', 'daily', 'monthly').
   */
  | {
      readonly code: 'AGENT_LIMIT_EXCEEDED';
      readonly window: 'perTransaction' | 'daily' | 'monthly' | 'maxActiveStreams' | 'maxFlowRatePerMonth' | 'maxStreamOutflow';
      readonly currency: string;
      readonly limit: string;
      readonly used: string;
      readonly requested: string;
      readonly remaining: string;
    }
  /** The tenant's refund window (`windowDays`) closed at `expiredAt` (ISO instant). */
  | { readonly code: 'REFUND_WINDOW_EXPIRED'; readonly expiredAt: string; readonly windowDays: number }
  /** `remaining` is what is still refundable, a decimal string in `currency`. */
  | { readonly code: 'REFUND_EXCEEDS_REMAINING'; readonly remaining: string; readonly currency: string }
  /** The transfer cannot be refunded at all (`message` says why: its status, its type). */
  | { readonly code: 'NOT_REFUNDABLE'; readonly message: string };

// Every code above, once: a code missing here fails to compile, so none is hidden from clients.
const DOMAIN_ERROR_CODES: Record<DomainError['code'], true> = {
  NOT_FOUND: true,
  BAD_USER_INPUT: true,
  UNAUTHENTICATED: true,
  RATE_LIMITED: true,
  FORBIDDEN: true,
  CONFLICT: true,
  INSUFFICIENT_FUNDS: true,
  IDEMPOTENCY_KEY_REUSED: true,
  AGENT_LIMIT_EXCEEDED: true,
  REFUND_WINDOW_EXPIRED: true,
  REFUND_EXCEEDS_REMAINING: true,
  NOT_REFUNDABLE: true,
};
export const DOMAIN_CODES: readonly string[] = Object.keys(DOMAIN_ERROR_CODES);

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: DomainError): Result<T> {
  return { ok: false, error };
}

export function badInput<T = never>(field: string, message: string): Result<T> {
  return fail({ code: 'BAD_USER_INPUT', field, message });
}

export function notFound<T = never>(entity: string, id: string): Result<T> {
  return fail({ code: 'NOT_FOUND', entity, id });
}

export function assertUnreachable(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

/** The one place a domain error becomes a GraphQL error with `extensions.code`. */
export function toGraphQLError(error: DomainError): GraphQLError {
  switch (error.code) {
    case 'NOT_FOUND':
      return new GraphQLError(`${error.entity} not found`, { extensions: { code: error.code, entity: error.entity, id: error.id.slice(0, 100) } });
    case 'BAD_USER_INPUT':
      return new GraphQLError(`${error.field}: ${error.message}`, { extensions: { code: error.code, field: error.field } });
    case 'UNAUTHENTICATED':
      return new GraphQLError(error.message ?? 'Authentication required', { extensions: { code: error.code } });
    case 'RATE_LIMITED':
      return new GraphQLError(`Too many attempts; try again in ${error.retryAfterSeconds} seconds`, {
        extensions: { code: error.code, retryAfterSeconds: error.retryAfterSeconds },
      });
    case 'FORBIDDEN':
      return new GraphQLError(`Missing permission: ${error.permission}`, {
        extensions: { code: error.code, permission: error.permission },
      });
    case 'CONFLICT':
      return new GraphQLError(error.message, { extensions: { code: error.code } });
    case 'INSUFFICIENT_FUNDS':
      return new GraphQLError(`Insufficient funds: ${error.available} ${error.currency} available`, {
        extensions: { code: error.code, accountId: error.accountId, currency: error.currency, available: error.available },
      });
    case 'IDEMPOTENCY_KEY_REUSED':
      return new GraphQLError('This idempotency key was already used with different parameters', {
        extensions: { code: error.code, idempotencyKey: error.key.slice(0, 255) },
      });
    case 'AGENT_LIMIT_EXCEEDED':
      return new GraphQLError(`Agent limit exceeded (${error.window}): ${error.requested} requested, ${error.remaining} ${error.currency} remaining`, {
        extensions: {
          code: error.code,
          window: error.window,
          currency: error.currency,
          limit: error.limit,
          used: error.used,
          requested: error.requested,
          remaining: error.remaining,
        },
      });
    case 'REFUND_WINDOW_EXPIRED':
      return new GraphQLError(`The refund window of ${error.windowDays} days closed at ${error.expiredAt}`, {
        extensions: { code: error.code, expiredAt: error.expiredAt, windowDays: error.windowDays },
      });
    case 'REFUND_EXCEEDS_REMAINING':
      return new GraphQLError(`Only ${error.remaining} ${error.currency} remains refundable`, {
        extensions: { code: error.code, remaining: { amount: error.remaining, currency: error.currency } },
      });
    case 'NOT_REFUNDABLE':
      return new GraphQLError(error.message, { extensions: { code: error.code } });
    default:
      return assertUnreachable(error);
  }
}

/** Resolvers end with this: the value, or the mapped GraphQL error. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw toGraphQLError(result.error);
}

/** A resolver's first line for anything beyond reading: FORBIDDEN names the missing permission. */
export function requirePermission(request: RequestContext, permission: Permission): void {
  if (!hasPermission(request, permission)) throw toGraphQLError({ code: 'FORBIDDEN', permission });
}

/** An agent moves money only out of the account it acts for; anyone else, out of any. */
export function requireOwnAccount(request: RequestContext, fromAccountId: string): void {
  if (request.agentAccountId !== undefined && request.agentAccountId !== fromAccountId) {
    throw toGraphQLError({ code: 'FORBIDDEN', permission: 'money:move:agent_account' });
  }
}

/** For agent tokens: FORBIDDEN naming the owner's permission the agent lacks (`agent:transactions.initiate`). */
export function requireAgentPermission(request: RequestContext, permission: AgentPermission): void {
  if (!agentMay(request, permission)) throw toGraphQLError({ code: 'FORBIDDEN', permission: `agent:${permission}` });
}

/** As `requirePermission`, for services that return a Result. */
export function checkPermission(request: RequestContext, permission: Permission): Result<void> {
  return hasPermission(request, permission) ? ok(undefined) : fail({ code: 'FORBIDDEN', permission });
}
