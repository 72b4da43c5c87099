/** Who is acting: a dashboard user, an API key, an agent, or the platform itself. */
export type ActorType = 'user' | 'api_key' | 'agent' | 'system' | 'anonymous';
export type Role = 'owner' | 'admin' | 'member' | 'viewer';

export interface Actor {
  readonly type: ActorType;
  readonly id: string;
  readonly name?: string;
}

/** What every subgraph knows about a request: set by the gateway, never by the client. */
export interface RequestContext {
  readonly tenantId: string;
  readonly livemode: boolean;
  readonly actor: Actor;
  readonly role: Role;
  readonly requestId: string;
  /** The API key, session or agent token the request came with (logout, "revoke own key"). */
  readonly credentialId?: string;
  /** For an agent: the account it acts for (it moves money only from there). */
  readonly agentAccountId?: string;
  /** For an agent: what its owner allows (`encodeAgentPermissions`; see agent-permissions.ts). */
  readonly agentPermissions?: string;
  /** Where the request came from, as the gateway saw it (sessions, rate limits, security events). */
  readonly ip?: string;
  readonly userAgent?: string;
}

/** No tenant: requests allowed without a credential (signup, login, refresh, accept invite). */
export const NO_TENANT = '00000000-0000-0000-0000-000000000000';

const ROLES: readonly Role[] = ['owner', 'admin', 'member', 'viewer'];
const ACTOR_TYPES: readonly ActorType[] = ['user', 'api_key', 'agent', 'system', 'anonymous'];
const OPTIONAL_TEXT = ['credentialId', 'agentAccountId', 'agentPermissions', 'ip', 'userAgent'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Structural check of a decoded context; anything else is refused. */
export function isRequestContext(value: unknown): value is RequestContext {
  if (typeof value !== 'object' || value === null) return false;
  const ctx = value as Record<string, unknown>;
  const actor = ctx.actor as Record<string, unknown> | undefined;
  return (
    isUuid(ctx.tenantId) &&
    typeof ctx.livemode === 'boolean' &&
    typeof ctx.requestId === 'string' &&
    ROLES.includes(ctx.role as Role) &&
    typeof actor === 'object' &&
    actor !== null &&
    ACTOR_TYPES.includes(actor.type as ActorType) &&
    typeof actor.id === 'string' &&
    (actor.name === undefined || typeof actor.name === 'string') &&
    OPTIONAL_TEXT.every((field) => ctx[field] === undefined || typeof ctx[field] === 'string')
  );
}

/** The part of a request that scopes data: which tenant, which mode. */
export function tenantScope(request: RequestContext): {
  readonly tenantId: string;
  readonly livemode: boolean;
  readonly actor: Actor;
  readonly requestId: string;
} {
  return { tenantId: request.tenantId, livemode: request.livemode, actor: request.actor, requestId: request.requestId };
}
