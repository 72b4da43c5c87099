import { GraphQLError } from 'graphql';

/**
 * Expected failures, as values. Each carries what a caller needs to act on it. Adding a code
 * here without mapping it in `toGraphQLError` fails to compile.
 */
export type DomainError =
  | { readonly code: 'NOT_FOUND'; readonly entity: string; readonly id: string }
  | { readonly code: 'BAD_USER_INPUT'; readonly field: string; readonly message: string }
  | { readonly code: 'UNAUTHENTICATED' }
  | { readonly code: 'FORBIDDEN'; readonly permission: string }
  | { readonly code: 'CONFLICT'; readonly message: string };

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
      return new GraphQLError('Authentication required', { extensions: { code: error.code, http: { status: 401 } } });
    case 'FORBIDDEN':
      return new GraphQLError(`Missing permission: ${error.permission}`, {
        extensions: { code: error.code, permission: error.permission },
      });
    case 'CONFLICT':
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
