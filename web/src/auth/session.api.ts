/**
 * The gateway's cookie routes (`/auth/login`, `/auth/refresh`, `/auth/logout`). The tokens
 * travel only in HttpOnly cookies the browser keeps; JavaScript sees the session's ids and the
 * access token's expiry, never a token.
 */

const AUTH_TIMEOUT_MS = 15_000;

/** What a sign-in or a refresh tells the page: who, and when the access cookie runs out. */
export interface SessionGrant {
  readonly userId: string;
  readonly tenantId: string;
  readonly sessionId: string;
  readonly accessTokenExpiresAt: string;
}

export type AuthProblem =
  // Wrong email or password on sign-in; a spent, revoked or missing refresh cookie on refresh.
  | { readonly code: 'UNAUTHENTICATED' }
  | { readonly code: 'RATE_LIMITED'; readonly retryAfterSeconds: number }
  | { readonly code: 'BAD_INPUT' }
  | { readonly code: 'UNREACHABLE' }
  | { readonly code: 'TIMED_OUT' }
  | { readonly code: 'SERVER_ERROR' };

export type AuthResult = { readonly ok: true; readonly grant: SessionGrant } | { readonly ok: false; readonly problem: AuthProblem };

export interface SessionApi {
  login(input: { readonly email: string; readonly password: string }): Promise<AuthResult>;
  refresh(): Promise<AuthResult>;
  /** True once the gateway has ended the session and cleared the cookies. */
  logout(): Promise<boolean>;
}

export const sessionApi: SessionApi = {
  login: ({ email, password }) => postForGrant('/auth/login', { email, password }),
  refresh: () => postForGrant('/auth/refresh', {}),
  async logout() {
    const answer = await post('/auth/logout', {});
    return answer.ok && answer.response.ok;
  },
};

type Posted = { readonly ok: true; readonly response: Response } | { readonly ok: false; readonly problem: AuthProblem };

async function post(path: string, body: Record<string, unknown>): Promise<Posted> {
  try {
    const response = await fetch(path, {
      method: 'POST',
      // Same origin only: the cookies are SameSite=Strict and the gateway serves this page.
      credentials: 'same-origin',
      // A JSON body cannot be sent cross-site without a preflight, which the gateway never grants.
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(AUTH_TIMEOUT_MS),
    });
    return { ok: true, response };
  } catch (error) {
    return { ok: false, problem: { code: error instanceof Error && error.name === 'TimeoutError' ? 'TIMED_OUT' : 'UNREACHABLE' } };
  }
}

async function postForGrant(path: string, body: Record<string, unknown>): Promise<AuthResult> {
  const answer = await post(path, body);
  if (!answer.ok) return answer;
  const { response } = answer;
  const json: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const grant = readGrant(json);
    return grant ? { ok: true, grant } : { ok: false, problem: { code: 'SERVER_ERROR' } };
  }
  return { ok: false, problem: problemOf(response.status, json) };
}

function readGrant(json: unknown): SessionGrant | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { userId, tenantId, sessionId, accessTokenExpiresAt } = json as Record<string, unknown>;
  if (typeof userId !== 'string' || typeof tenantId !== 'string' || typeof sessionId !== 'string') return undefined;
  if (typeof accessTokenExpiresAt !== 'string' || Number.isNaN(Date.parse(accessTokenExpiresAt))) return undefined;
  return { userId, tenantId, sessionId, accessTokenExpiresAt };
}

// The routes answer `{ errors: [{ message, extensions: { code } }] }` with 401, 429 or 400.
function problemOf(status: number, json: unknown): AuthProblem {
  const errors = typeof json === 'object' && json !== null ? (json as { errors?: unknown }).errors : undefined;
  const first = Array.isArray(errors) ? (errors[0] as { extensions?: Record<string, unknown> } | undefined) : undefined;
  const code = first?.extensions?.code;
  if (code === 'RATE_LIMITED' || status === 429) {
    const seconds = first?.extensions?.retryAfterSeconds;
    return { code: 'RATE_LIMITED', retryAfterSeconds: typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : 60 };
  }
  if (code === 'UNAUTHENTICATED' || status === 401) return { code: 'UNAUTHENTICATED' };
  if (status >= 400 && status < 500) return { code: 'BAD_INPUT' };
  return { code: 'SERVER_ERROR' };
}
