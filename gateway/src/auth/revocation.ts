import { Kind, OperationTypeNode, parse } from 'graphql';

/**
 * Root mutations after which some credential may no longer verify: revoked keys, tokens and
 * sessions, removed members, changed roles, paused agents. A test keeps this list in step with
 * the supergraph (every revoke…, remove…, logout…, pause… and suspend… mutation is here).
 */
export const REVOKING_MUTATIONS: ReadonlySet<string> = new Set([
  'revokeApiKey',
  'revokeAgentToken',
  'revokeSession',
  'logout',
  'logoutEverywhere',
  'removeMember',
  'updateMemberRole',
  'updateAgent',
]);

const MENTIONED = new RegExp(`\\b(?:${[...REVOKING_MUTATIONS].join('|')})\\b`);

function documentRevokes(query: unknown): boolean {
  // Most requests never name one: a regular expression answers before any parsing.
  if (typeof query !== 'string' || !MENTIONED.test(query)) return false;
  try {
    return parse(query).definitions.some(
      (definition) =>
        definition.kind === Kind.OPERATION_DEFINITION &&
        definition.operation === OperationTypeNode.MUTATION &&
        definition.selectionSet.selections.some((selection) => selection.kind === Kind.FIELD && REVOKING_MUTATIONS.has(selection.name.value)),
    );
  } catch {
    return false;
  }
}

/** True when a request body (one operation or a batch) runs a revoking mutation. */
export function revokesCredentials(body: unknown): boolean {
  const operations = Array.isArray(body) ? body : [body];
  return operations.some((operation) => typeof operation === 'object' && operation !== null && documentRevokes((operation as { query?: unknown }).query));
}
