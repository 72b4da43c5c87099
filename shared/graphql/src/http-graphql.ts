import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';

// A GraphQL request is a document and its variables; nothing legitimate comes near this.
export const BODY_LIMIT_BYTES = 512 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limitBytes = BODY_LIMIT_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function headerMapOf(headers: IncomingMessage['headers'] | Record<string, string>): HeaderMap {
  const map = new HeaderMap();
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    map.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function collect(response: HTTPGraphQLResponse): Promise<string> {
  if (response.body.kind === 'complete') return response.body.string;
  let text = '';
  for await (const chunk of response.body.asyncIterator) text += chunk;
  return text;
}

/** Runs one GraphQL-over-HTTP request through an Apollo server and returns a plain response. */
export async function executeHttp<C extends BaseContext>(
  apollo: ApolloServer<C>,
  method: string,
  headers: HeaderMap,
  search: string,
  body: unknown,
  context: () => Promise<C>,
): Promise<PlainResponse> {
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: method.toUpperCase(), headers, search, body },
    context,
  });
  const out: Record<string, string> = {};
  for (const [key, value] of response.headers) out[key] = value;
  return { status: response.status ?? 200, headers: out, body: await collect(response) };
}

export function send(res: ServerResponse, response: PlainResponse): void {
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** Parses a JSON body; a malformed one is the client's fault, answered with 400. */
export function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
