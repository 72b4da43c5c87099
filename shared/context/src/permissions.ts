import type { ActorType, RequestContext, Role } from './request-context';

/**
 * What a request may do. Every protected resolver names one of these; the matrix below is the
 * only place that says which role holds it. Reading is open to every role in its own tenant.
 */
export type Permission =
  | 'data:read'
  | 'money:move'
  | 'exports:create'
  | 'disputes:manage'
  | 'api_keys:create'
  | 'api_keys:revoke_own'
  | 'api_keys:revoke_any'
  | 'members:invite'
  | 'members:change_role'
  | 'members:remove'
  | 'settings:manage'
  | 'agents:manage'
  | 'approvals:decide'
  | 'treasury:manage'
  | 'audit:read'
  | 'ownership:transfer'
  | 'tenant:delete';

const EVERYONE: readonly Role[] = ['owner', 'admin', 'member', 'viewer'];
const MOVERS: readonly Role[] = ['owner', 'admin', 'member'];
const ADMINS: readonly Role[] = ['owner', 'admin'];
const OWNER: readonly Role[] = ['owner'];

export const PERMISSION_MATRIX: Readonly<Record<Permission, readonly Role[]>> = {
  'data:read': EVERYONE,
  'money:move': MOVERS,
  // An export copies the tenant's books out of the platform: people who work the money, not viewers or agents.
  'exports:create': MOVERS,
  'disputes:manage': MOVERS,
  'api_keys:create': MOVERS,
  'api_keys:revoke_own': MOVERS,
  'api_keys:revoke_any': ADMINS,
  'members:invite': ADMINS,
  'members:change_role': ADMINS,
  'members:remove': ADMINS,
  'settings:manage': ADMINS,
  // An agent's limits, permissions, KYA and lifecycle (pause, resume, suspend, activate).
  'agents:manage': ADMINS,
  // approveAction / rejectAction on a human's side; an agent needs `transactions.approve` and never decides its own.
  'approvals:decide': ADMINS,
  'treasury:manage': ADMINS,
  'audit:read': ADMINS,
  'ownership:transfer': OWNER,
  'tenant:delete': OWNER,
};

// An agent acts inside the limits its owner set: it reads and moves money, nothing else.
const AGENT_PERMISSIONS: ReadonlySet<Permission> = new Set(['data:read', 'money:move']);

export function hasPermission(request: Pick<RequestContext, 'role'> & { actor: { type: ActorType } }, permission: Permission): boolean {
  if (request.actor.type === 'anonymous') return false;
  if (request.actor.type === 'agent' && !AGENT_PERMISSIONS.has(permission)) return false;
  return PERMISSION_MATRIX[permission].includes(request.role);
}

const RANK: Readonly<Record<Role, number>> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** True when `role` is at least as strong as `than` (an admin cannot hand out owner). */
export function roleAtLeast(role: Role, than: Role): boolean {
  return RANK[role] >= RANK[than];
}
