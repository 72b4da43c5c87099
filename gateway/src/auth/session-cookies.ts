import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { RequestContext } from '@orquesta/context';
import { parseJsonBody, readBody, sendJson } from '@orquesta/graphql';
import type { GatewayContext } from '../datasources/subgraph.datasource';
import {
  anonymousContext,
  cookieValue,
  credentialsOf,
  REFRESH_COOKIE,
  requestContextFor,
  SESSION_COOKIE,
  type Authenticator,
} from './authenticate';

/**
 * The dashboard's sign-in, with HttpOnly cookies instead of tokens in JavaScript. Each route
 * runs the same public mutation an API client would (login, refreshSession, logout) through
 * the gateway, then moves the tokens into cookies: the access token for every path, the
 * refresh token only for /auth. SameSite=Strict and a JSON body (which a cross-site form
 * cannot send without a preflight) keep other sites from using them.
 */

const TOKEN_FIELDS = 'userId tenantId sessionId accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt';

interface TokenPair {
  userId: string;
  tenantId: string;
  sessionId: string;
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

function cookie(name: string, value: string, path: string, maxAgeSeconds: number, secure: boolean): string {
  return `${name}=${value}; Path=${path}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

function secondsUntil(iso: string): number {
  return Math.max(0, Math.floor((Date.parse(iso) - Date.now()) / 1000));
}

const STATUS_BY_CODE: Record<string, number> = { UNAUTHENTICATED: 401, RATE_LIMITED: 429, BAD_USER_INPUT: 400, FORBIDDEN: 403 };

export function createSessionCookieRoutes(options: {
  apollo: ApolloServer<GatewayContext>;
  authenticator: Authenticator;
  secure: boolean;
  /** A session ended: forget cached verdicts here and tell the other replicas. */
  credentialsChanged: (tenantId: string) => void;
}) {
  const { apollo, authenticator, secure, credentialsChanged } = options;

  async function run(request: RequestContext, query: string, variables: Record<string, unknown>) {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: { request } });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    return response.body.singleResult;
  }

  function sendErrors(res: ServerResponse, errors: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>): void {
    const code = String(errors[0]?.extensions?.code ?? '');
    sendJson(res, STATUS_BY_CODE[code] ?? 400, { errors: errors.map(({ message, extensions }) => ({ message, extensions })) });
  }

  function sendPair(res: ServerResponse, pair: TokenPair): void {
    res.setHeader('set-cookie', [
      cookie(SESSION_COOKIE, pair.accessToken, '/', secondsUntil(pair.accessTokenExpiresAt), secure),
      cookie(REFRESH_COOKIE, pair.refreshToken, '/auth', secondsUntil(pair.refreshTokenExpiresAt), secure),
    ]);
    sendJson(res, 200, { userId: pair.userId, tenantId: pair.tenantId, sessionId: pair.sessionId, accessTokenExpiresAt: pair.accessTokenExpiresAt });
  }

  function clearCookies(res: ServerResponse): void {
    res.setHeader('set-cookie', [cookie(SESSION_COOKIE, '', '/', 0, secure), cookie(REFRESH_COOKIE, '', '/auth', 0, secure)]);
  }

  async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
    const contentType = String(req.headers['content-type'] ?? '');
    if (req.method !== 'POST' || !contentType.startsWith('application/json')) return undefined;
    const parsed = parseJsonBody(await readBody(req));
    return parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value)
      ? (parsed.value as Record<string, unknown>)
      : undefined;
  }

  return {
    /** Handles /auth/login, /auth/refresh and /auth/logout; false for any other path. */
    async handle(path: string, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<boolean> {
      if (path !== '/auth/login' && path !== '/auth/refresh' && path !== '/auth/logout') return false;
      const body = await jsonBody(req);
      if (!body) {
        sendJson(res, 400, { errors: [{ message: 'POST a JSON body (content-type: application/json)', extensions: { code: 'BAD_REQUEST' } }] });
        return true;
      }
      const credentials = credentialsOf(req);
      const anonymous = anonymousContext(requestId, credentials);
      const refresh = () =>
        run(anonymous, `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { ${TOKEN_FIELDS} } }`, {
          input: { refreshToken: cookieValue(credentials.cookie, REFRESH_COOKIE) ?? '' },
        });
      if (path === '/auth/logout') {
        let principal = await authenticator.authenticate({ ...credentials, authorization: undefined });
        if (principal?.kind !== 'session') {
          // The access cookie ran out, but the refresh cookie still names the session: spend it
          // to end that session rather than leave it alive for a week.
          const accessToken = ((await refresh()).data as Record<string, TokenPair> | undefined)?.refreshSession?.accessToken;
          principal = accessToken ? await authenticator.authenticate({ authorization: `Bearer ${accessToken}` }) : undefined;
        }
        if (principal?.kind === 'session') {
          await run(requestContextFor(principal, requestId, credentials), 'mutation { logout { loggedOut } }', {});
          credentialsChanged(principal.tenantId);
        }
        clearCookies(res);
        sendJson(res, 200, { loggedOut: true });
        return true;
      }
      const result =
        path === '/auth/login'
          ? await run(anonymous, `mutation($input: LoginInput!) { login(input: $input) { ${TOKEN_FIELDS} } }`, {
              input: { email: body.email, password: body.password, tenantId: body.tenantId ?? null },
            })
          : await refresh();
      if (result.errors?.length) {
        if (path === '/auth/refresh') clearCookies(res);
        sendErrors(res, result.errors);
        return true;
      }
      const data = result.data as Record<string, TokenPair>;
      sendPair(res, data.login ?? data.refreshSession);
      return true;
    },
  };
}
