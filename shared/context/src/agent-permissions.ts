import type { RequestContext } from './request-context';

/**
 * What an agent's owner lets it do, beyond the role matrix (an agent token holds `member`'s
 * role and `hasPermission` already refuses it everything but reading and moving money).
 * Every subgraph checks these for agent tokens; other credentials pass. The table of what
 * each one opens is in the root README ("Agents").
 */
export const AGENT_PERMISSIONS = [
  'transactions.initiate',
  'transactions.approve',
  'transactions.view',
  'streams.initiate',
  'streams.modify',
  'streams.pause',
  'streams.terminate',
  'streams.view',
  'accounts.view',
  'accounts.create',
  'treasury.view',
  'treasury.rebalance',
] as const;

export type AgentPermission = (typeof AGENT_PERMISSIONS)[number];

/** The seed's defaults: an agent initiates and sees its own payments and streams, nothing more. */
export const DEFAULT_AGENT_PERMISSIONS: ReadonlySet<AgentPermission> = new Set<AgentPermission>([
  'transactions.initiate',
  'transactions.view',
  'streams.initiate',
  'streams.modify',
  'streams.pause',
  'streams.terminate',
  'streams.view',
  'accounts.view',
]);

export function isAgentPermission(value: string): value is AgentPermission {
  return (AGENT_PERMISSIONS as readonly string[]).includes(value);
}

/** The request context carries an agent's granted permissions as one comma-separated string. */
export function encodeAgentPermissions(granted: Iterable<AgentPermission>): string {
  return [...granted].sort().join(',');
}

/** True for every credential but an agent token that lacks `permission`. */
export function agentMay(request: Pick<RequestContext, 'actor' | 'agentPermissions'>, permission: AgentPermission): boolean {
  if (request.actor.type !== 'agent') return true;
  return (request.agentPermissions ?? '').split(',').includes(permission);
}

/**
 * An agent's stored permissions document (`{ transactions: { initiate: true, … }, … }`, the
 * seed's shape) as the permissions it grants; a key the document leaves out keeps its default.
 */
export function agentPermissionsFromDocument(document: unknown): Set<AgentPermission> {
  const granted = new Set<AgentPermission>();
  const groups = typeof document === 'object' && document !== null ? (document as Record<string, unknown>) : {};
  for (const permission of AGENT_PERMISSIONS) {
    const [group, action] = permission.split('.');
    const stored = (groups[group] as Record<string, unknown> | undefined)?.[action];
    if (typeof stored === 'boolean' ? stored : DEFAULT_AGENT_PERMISSIONS.has(permission)) granted.add(permission);
  }
  return granted;
}
