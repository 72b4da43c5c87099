import { randomUUID } from 'node:crypto';
import type { ApiKeyAuthenticator, ApiKeyPrincipal } from '@orquesta/accounts';
import type { RequestContext } from '@orquesta/context';

/** Who a credential belongs to, once verified. */
export type Principal = ApiKeyPrincipal;

export interface Authenticator {
  /** Verifies an `Authorization` value (`Bearer …`); undefined for anything not valid now. */
  authenticate(authorization: unknown): Promise<Principal | undefined>;
}

const BEARER = /^Bearer ([A-Za-z0-9_\-.]{1,512})$/;

// An auth failure waits a little, at random, so timing says nothing about why it failed.
function jitter(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
}

export function createAuthenticator(apiKeys: ApiKeyAuthenticator): Authenticator {
  return {
    async authenticate(authorization) {
      const match = typeof authorization === 'string' ? BEARER.exec(authorization.trim()) : null;
      const principal = match ? await apiKeys.authenticate(match[1]) : undefined;
      if (!principal) await jitter();
      return principal;
    },
  };
}

export function requestContextFor(principal: Principal, requestId: string = randomUUID()): RequestContext {
  return {
    tenantId: principal.tenantId,
    livemode: principal.livemode,
    actor: principal.actor,
    role: principal.role,
    requestId,
  };
}
