import { createServer, type Server } from 'node:http';
import { execute, GraphQLError, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { CONTEXT_HEADER, SIGNATURE_HEADER, verifyContext, type RequestContext } from '@orquesta/context';
import { createErrorFormatter } from './error-format';
import { BodyTooLargeError, parseJsonBody, readBody, send, type PlainResponse } from './http-graphql';
import { serveReadiness } from './readiness';

export interface SubgraphDefinition<C extends object> {
  readonly name: string;
  readonly schema: GraphQLSchema;
  /** Per-request state (DataLoaders and the verified context) built from the signed context. */
  createContext(request: RequestContext): C;
  /** Whether the subgraph's dependencies answer (for /readyz). */
  ready?(): Promise<boolean>;
  /** Releases what the definition opened beyond its data source (pools, Redis). */
  close?(): Promise<void>;
}

export interface SubgraphRequest {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
}

export interface Subgraph {
  readonly name: string;
  /**
   * Verifies the signed context and executes one request. The one path in both run modes: the
   * in-process gateway calls it directly, the subgraph's HTTP server calls it per POST.
   * Undefined when the context does not verify.
   */
  execute(context: string | undefined, signature: string | undefined, request: SubgraphRequest): Promise<ExecutionResult | undefined>;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

// The gateway sends the same few query plans over and over: parse and validate each once.
const DOCUMENTS_MAX = 1_000;

class DocumentCache {
  private readonly documents = new Map<string, DocumentNode | readonly GraphQLError[]>();

  constructor(private readonly schema: GraphQLSchema) {}

  get(query: string): DocumentNode | readonly GraphQLError[] {
    const cached = this.documents.get(query);
    if (cached) return cached;
    let prepared: DocumentNode | readonly GraphQLError[];
    try {
      const document = parse(query);
      const errors = validate(this.schema, document);
      prepared = errors.length > 0 ? errors : document;
    } catch (error) {
      prepared = [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
    }
    if (this.documents.size >= DOCUMENTS_MAX) this.documents.clear();
    this.documents.set(query, prepared);
    return prepared;
  }
}

// What an unsigned or tampered request gets: nothing to learn from.
const REFUSED: PlainResponse = { status: 401, headers: {}, body: '' };

export function createSubgraph<C extends object>(definition: SubgraphDefinition<C>, contextSecret: string): Subgraph {
  const formatError = createErrorFormatter(definition.name);
  const documents = new DocumentCache(definition.schema);
  return {
    name: definition.name,
    async execute(context, signature, { query, variables, operationName }) {
      const request = verifyContext(context, signature, contextSecret);
      if (!request) return undefined;
      const document = documents.get(query);
      const result = Array.isArray(document)
        ? { errors: document }
        : await execute({
            schema: definition.schema,
            document: document as DocumentNode,
            variableValues: variables,
            operationName,
            contextValue: { ...definition.createContext(request), request },
          });
      if (!result.errors) return result;
      return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error) as GraphQLError) };
    },
    ready: definition.ready ?? (async () => true),
    close: definition.close ?? (async () => undefined),
  };
}

const QUERY_LENGTH_MAX = 100_000;

/** The body of a GraphQL POST, or undefined when it is not one. */
function subgraphRequestOf(body: unknown): SubgraphRequest | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (typeof query !== 'string' || query.length > QUERY_LENGTH_MAX) return undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  return {
    query,
    variables: (variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: operationName ?? undefined,
  };
}

/** Serves a subgraph on its own port (distributed mode): POST /graphql, /healthz, /readyz. */
export function listenSubgraph(subgraph: Subgraph, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === '/healthz') return send(res, { status: 200, headers: {}, body: 'ok' });
      if (path === '/readyz') return await serveReadiness(res, { postgres: () => subgraph.ready().then((ready) => ready || Promise.reject(new Error('not ready'))) });
      if (path !== '/graphql' || req.method !== 'POST') return send(res, { status: 404, headers: {}, body: '' });
      const parsed = parseJsonBody(await readBody(req));
      const request = parsed.ok ? subgraphRequestOf(parsed.value) : undefined;
      if (!request) return send(res, { status: 400, headers: {}, body: '' });
      const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
      const result = await subgraph.execute(header(CONTEXT_HEADER), header(SIGNATURE_HEADER), request);
      if (!result) return send(res, REFUSED);
      send(res, { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) });
    } catch (error) {
      send(res, { status: error instanceof BodyTooLargeError ? 413 : 500, headers: {}, body: '' });
    }
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}
