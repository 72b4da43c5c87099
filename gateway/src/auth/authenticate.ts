import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { Kind, OperationTypeNode, getOperationAST, parse } from 'graphql';
import { NO_TENANT, type CredentialVerifier, type PresentedCredential, type Principal, type RequestContext } from '@orquesta/context';
import { authFailureDelay } from '@orquesta/ratelimit';

export type { Principal };

/** The dashboard's cookies: HttpOnly, SameSite=Strict, set by the /auth routes. */
export const SESSION_COOKIE = 'orquesta_session';
export const REFRESH_COOKIE = 'orquesta_refresh';
/** Which mode a dashboard session reads (`live` or `test`, default test); keys carry their own. */
export const MODE_HEADER = 'orquesta-mode';

/** What a request or websocket presented, before it is verified. */
export interface RequestCredentials {
  readonly authorization?: unknown;
  readonly cookie?: unknown;
  readonly mode?: unknown;
  readonly ip?: string;
  readonly userAgent?: string;
}

export interface Authenticator {
  /** The principal for whatever credential was presented; undefined for anything not valid now. */
  authenticate(credentials: RequestCredentials, options?: { fresh?: boolean }): Promise<Principal | undefined>;
  /** A credential was revoked somewhere: forget every cached verdict. */
  invalidate(): void;
}

const BEARER = /^Bearer ([A-Za-z0-9_\-.]{1,2048})$/;

export function cookieValue(cookie: unknown, name: string): string | undefined {
  if (typeof cookie !== 'string') return undefined;
  for (const part of cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function presented(credentials: RequestCredentials): PresentedCredential | undefined {
  const match = typeof credentials.authorization === 'string' ? BEARER.exec(credentials.authorization.trim()) : null;
  const token = match?.[1] ?? cookieValue(credentials.cookie, SESSION_COOKIE);
  if (!token) return undefined;
  return { token, live: credentials.mode === 'live', ip: credentials.ip };
}

/** One authentication path for HTTP and websockets: bearer API key, agent token, or session. */
export function createAuthenticator(credentials: CredentialVerifier): Authenticator {
  return {
    async authenticate(given, options) {
      const credential = presented(given);
      const principal = credential ? await credentials.authenticate(credential, options) : undefined;
      // A failure waits a random moment, so timing says nothing about why it failed.
      if (!principal) await authFailureDelay();
      return principal;
    },
    invalidate: () => credentials.invalidate(),
  };
}

/** True when the request carries any credential at all (a bad one is refused, not ignored). */
export function hasCredential(credentials: RequestCredentials): boolean {
  return presented(credentials) !== undefined;
}

/** The caller's address: the socket's, unless a trusted proxy in front says otherwise. */
export function clientAddress(req: IncomingMessage, trustProxy = process.env.ORQUESTA_TRUST_PROXY === '1'): string {
  const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  return (first || req.socket.remoteAddress || 'unknown').replace(/^::ffff:/, '').slice(0, 64);
}

export function credentialsOf(req: IncomingMessage): RequestCredentials {
  const headers: IncomingHttpHeaders = req.headers;
  return {
    authorization: headers.authorization,
    cookie: headers.cookie,
    mode: headers[MODE_HEADER],
    ip: clientAddress(req),
    userAgent: typeof headers['user-agent'] === 'string' ? headers['user-agent'].slice(0, 512) : undefined,
  };
}

export function requestContextFor(principal: Principal, requestId: string = randomUUID(), client: Pick<RequestCredentials, 'ip' | 'userAgent'> = {}): RequestContext {
  return {
    tenantId: principal.tenantId,
    livemode: principal.livemode,
    actor: principal.actor,
    role: principal.role,
    requestId,
    credentialId: principal.credentialId,
    agentAccountId: principal.agentAccountId,
    ip: client.ip,
    userAgent: client.userAgent,
  };
}

/** Mutations anyone may call without a credential: they are how one gets a credential. */
export const PUBLIC_MUTATIONS: ReadonlySet<string> = new Set(['signup', 'login', 'refreshSession', 'acceptInvite']);

/** True when a document's operation is a mutation of public fields only. */
export function isPublicOperation(query: unknown, operationName: unknown): boolean {
  if (typeof query !== 'string' || query.length > 20_000) return false;
  try {
    const operation = getOperationAST(parse(query), typeof operationName === 'string' ? operationName : undefined);
    if (!operation || operation.operation !== OperationTypeNode.MUTATION) return false;
    return operation.selectionSet.selections.every(
      (selection) => selection.kind === Kind.FIELD && (PUBLIC_MUTATIONS.has(selection.name.value) || selection.name.value === '__typename'),
    );
  } catch {
    return false;
  }
}

/** The context of a request without a credential (public mutations only). */
export function anonymousContext(requestId: string, client: Pick<RequestCredentials, 'ip' | 'userAgent'>): RequestContext {
  return {
    tenantId: NO_TENANT,
    livemode: false,
    actor: { type: 'anonymous', id: 'anonymous' },
    role: 'viewer',
    requestId,
    ip: client.ip,
    userAgent: client.userAgent,
  };
}
