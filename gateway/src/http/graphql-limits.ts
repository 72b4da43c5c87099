import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  parse,
  specifiedRules,
  validate,
  valueFromASTUntyped,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from '@orquesta/graphql';
import type { GatewayContext } from '../datasources/subgraph.datasource';

// The limits of the public graph. The same for HTTP and graphql-ws, and documented in
// gateway/README.md; every dashboard query and every test query sits well below them.

/** Fields nested deeper than this are refused. */
export const DEPTH_MAX = 12;
/** Aliases per document (cheap amplification otherwise). */
export const ALIASES_MAX = 30;
/** Tokens per document: a larger one is refused while parsing, before any validation. */
export const TOKENS_MAX = 5_000;
/** Static cost per operation (see queryCost). */
export const COST_MAX = 5_000;
/** Operations per HTTP batch (a JSON array body). */
export const BATCH_MAX = 10;
/** What a list field without `first`/`last` is assumed to return, for the cost. */
export const LIST_SIZE_ESTIMATE = 10;

/** Refuses documents nested deeper than DEPTH_MAX fields (fragments followed, cycles cut). */
export function depthLimit(context: ValidationContext): ASTVisitor {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  function depthOf(selectionSet: SelectionSetNode | undefined, seen: Set<string>): number {
    if (!selectionSet) return 0;
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        // Introspection is answered from the gateway's own schema and is bounded by it;
        // whether it is allowed at all is the mode's decision (introspectionRefusal).
        if (isIntrospectionField(selection)) continue;
        deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, seen) : 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
      } else {
        const name = selection.name.value;
        if (seen.has(name)) continue;
        const fragment = fragments.get(name);
        deepest = Math.max(deepest, depthOf(fragment?.selectionSet, new Set([...seen, name])));
      }
      if (deepest > DEPTH_MAX) break;
    }
    return deepest;
  }
  return {
    OperationDefinition(node) {
      if (depthOf(node.selectionSet, new Set()) > DEPTH_MAX) {
        context.reportError(new GraphQLError(`Query is nested deeper than ${DEPTH_MAX} levels`, { nodes: [node] }));
      }
    },
  };
}

/** Refuses documents with more than ALIASES_MAX aliases. */
export function aliasLimit(context: ValidationContext): ASTVisitor {
  let aliases = 0;
  return {
    Field(node) {
      if (node.alias) aliases += 1;
    },
    Document: {
      leave(node) {
        if (aliases > ALIASES_MAX) {
          context.reportError(new GraphQLError(`Query uses more than ${ALIASES_MAX} aliases`, { nodes: [node] }));
        }
      },
    },
  };
}

export const GRAPHQL_LIMIT_RULES = [depthLimit, aliasLimit];

function isIntrospectionField(field: FieldNode): boolean {
  return field.name.value === '__schema' || field.name.value === '__type';
}

/**
 * The static cost of one operation: every field costs 1; a field that returns many things
 * multiplies the cost of what is selected under it by how many it may return — its
 * `first`/`last` argument (a literal or a variable's value), else PAGE_SIZE_DEFAULT for a
 * connection and LIST_SIZE_ESTIMATE for a plain list. `edges` and `nodes` of a connection are
 * already counted by the connection's own multiplier. Nested lists multiply. Fragments are
 * followed (each fragment of a union counted, an over-estimate on purpose).
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  variables: Record<string, unknown> = {},
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName)) operation ??= definition;
  }
  if (!operation) return 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;

  function multiplierOf(field: FieldNode, parentTypeName: string, returnsList: boolean, returnsConnection: boolean): number {
    for (const argument of field.arguments ?? []) {
      if (argument.name.value !== 'first' && argument.name.value !== 'last') continue;
      const value = valueFromASTUntyped(argument.value, variables);
      // Subgraphs never return more than PAGE_SIZE_MAX (they refuse more, with their own error).
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return Math.min(value, PAGE_SIZE_MAX);
    }
    if (returnsConnection) return PAGE_SIZE_DEFAULT;
    if (returnsList && !parentTypeName.endsWith('Connection')) return LIST_SIZE_ESTIMATE;
    return 1;
  }

  function costOf(type: GraphQLCompositeType, selectionSet: SelectionSetNode, seen: ReadonlySet<string>): number {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (isIntrospectionField(selection) || selection.name.value === '__typename') {
          cost += 1;
          continue;
        }
        const definition = isObjectType(type) || isInterfaceType(type) ? type.getFields()[selection.name.value] : undefined;
        if (!definition) continue;
        const nullable = getNullableType(definition.type);
        const named = getNamedType(definition.type);
        const multiplier = multiplierOf(selection, type.name, isListType(nullable), named.name.endsWith('Connection'));
        const below = selection.selectionSet && (isObjectType(named) || isInterfaceType(named) || 'getTypes' in named)
          ? costOf(named as GraphQLCompositeType, selection.selectionSet, seen)
          : 0;
        cost += 1 + multiplier * below;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        cost += costOf((condition as GraphQLCompositeType | undefined) ?? type, selection.selectionSet, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined;
        cost += costOf(condition ?? type, fragment.selectionSet, new Set([...seen, name]));
      }
    }
    return cost;
  }

  return costOf(root, operation.selectionSet, new Set());
}

export function tooComplexError(cost: number): GraphQLError {
  return new GraphQLError(`Query is too complex: cost ${cost} exceeds the maximum of ${COST_MAX}; ask for fewer items (first) or fewer nested lists`, {
    extensions: { code: 'QUERY_TOO_COMPLEX', cost, costMax: COST_MAX, http: { status: 400, headers: new HeaderMap() } },
  });
}

/** The error for introspection where the mode does not allow it, or undefined. */
export function introspectionRefusal(schema: GraphQLSchema, document: DocumentNode, allowed: boolean): GraphQLError | undefined {
  if (allowed || validate(schema, document, [NoSchemaIntrospectionCustomRule]).length === 0) return undefined;
  return new GraphQLError('Introspection is disabled for live-mode credentials; use a test-mode key to explore the schema', {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400, headers: new HeaderMap() } },
  });
}

// graphql-js's "Did you mean …?" names fields, types and enum values that exist: schema
// details a live-mode caller does not get (Apollo's own DisableSuggestions, per request).
const SUGGESTION = / ?Did you mean(.+?)\?$/;

export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

export interface GraphQLLimitsOptions {
  /** Whether test-mode credentials may introspect (live-mode ones never may). */
  readonly introspection: boolean;
}

/** Whether a request's credential may introspect and see suggestions: test mode only. */
export function schemaDetailsAllowed(context: GatewayContext, options: GraphQLLimitsOptions): boolean {
  return options.introspection && !context.request.livemode;
}

/**
 * The per-request part of the limits, as an Apollo plugin: cost and introspection are
 * checked after validation (Apollo caches validated documents, so nothing that depends on
 * the credential or the variables may live in a validation rule), suggestions are stripped
 * from every error a live-mode request receives.
 */
export function graphqlLimitsPlugin(options: GraphQLLimitsOptions): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, contextValue }) {
          const refusal = introspectionRefusal(schema, document, schemaDetailsAllowed(contextValue, options));
          if (refusal) throw refusal;
          const cost = queryCost(schema, document, request.operationName, request.variables ?? {});
          if (cost > COST_MAX) throw tooComplexError(cost);
        },
        async willSendResponse({ response, contextValue }: GraphQLRequestContextWillSendResponse<GatewayContext>) {
          if (schemaDetailsAllowed(contextValue, options)) return;
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const { singleResult } = response.body;
          singleResult.errors = singleResult.errors!.map((error) => ({ ...error, message: withoutSuggestions(error.message) }));
        },
      };
    },
  };
}

function codedError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/**
 * The same limits for a subscription over graphql-ws: parses (tokens) and validates (the
 * standard rules, depth, aliases), then cost, introspection and suggestions by mode. Returns
 * the errors to send, or the document to run (graphql-ws then skips its own parse and validation).
 */
export function checkSubscriptionDocument(
  schema: GraphQLSchema,
  payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  schemaDetails: boolean,
): { errors: GraphQLError[] } | { document: DocumentNode } {
  const clean = (message: string) => (schemaDetails ? message : withoutSuggestions(message));
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: TOKENS_MAX });
  } catch (error) {
    return { errors: [codedError(clean(error instanceof Error ? error.message : String(error)), 'GRAPHQL_PARSE_FAILED')] };
  }
  const invalid = validate(schema, document, [...specifiedRules, ...GRAPHQL_LIMIT_RULES]);
  if (invalid.length > 0) return { errors: invalid.map((error) => codedError(clean(error.message), 'GRAPHQL_VALIDATION_FAILED')) };
  const refusal = introspectionRefusal(schema, document, schemaDetails);
  if (refusal) return { errors: [codedError(refusal.message, 'GRAPHQL_VALIDATION_FAILED')] };
  const cost = queryCost(schema, document, payload.operationName, payload.variables ?? {});
  if (cost > COST_MAX) {
    const error = tooComplexError(cost);
    return { errors: [new GraphQLError(error.message, { extensions: { code: 'QUERY_TOO_COMPLEX', cost, costMax: COST_MAX } })] };
  }
  return { document };
}
