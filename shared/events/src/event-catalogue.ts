/**
 * Every event type the platform emits, in one place: what it concerns and what its payload
 * holds. EVENTS.md is the partner-facing version of this table; filters (webhook endpoints,
 * `events(types:)`, `paymentEvents(types:)`) accept only these names, or wildcards over them.
 */
export interface EventTypeDefinition {
  readonly type: string;
  /** The GraphQL entity the event's `entityId` names. */
  readonly entityType: 'Account' | 'Transfer' | 'Refund' | 'Dispute' | 'Agent' | 'Approval' | 'TenantAgentPolicy' | 'WebhookEndpoint' | 'ApiKey' | 'Session' | 'AgentToken' | 'Member' | 'Export';
  readonly description: string;
}

export const EVENT_CATALOGUE: readonly EventTypeDefinition[] = [
  { type: 'account.created', entityType: 'Account', description: 'An account was opened. Payload: the account snapshot.' },
  { type: 'account.updated', entityType: 'Account', description: 'An account changed (name, email, verification). Payload: the account snapshot.' },
  { type: 'balance.changed', entityType: 'Account', description: "An account's balance in one currency moved. Payload: accountId, currency, available, pending, total, incoming, reference." },
  { type: 'transfer.created', entityType: 'Transfer', description: 'A transfer was initiated. Payload: the transfer snapshot.' },
  { type: 'transfer.completed', entityType: 'Transfer', description: 'A transfer settled. Payload: the transfer snapshot.' },
  { type: 'transfer.processing', entityType: 'Transfer', description: 'A transfer was handed to a rail. Payload: the transfer snapshot.' },
  { type: 'transfer.failed', entityType: 'Transfer', description: 'A transfer failed; failureReason says why. Payload: the transfer snapshot.' },
  { type: 'transfer.cancelled', entityType: 'Transfer', description: 'A transfer was cancelled before it was sent. Payload: the transfer snapshot.' },
  {
    type: 'transfer.requires_manual_intervention',
    entityType: 'Transfer',
    description: 'Every rail refused a payout; its funds stay held until an admin resolves it (resolveManualStep). Payload: the transfer snapshot.',
  },
  { type: 'refund.created', entityType: 'Refund', description: 'A refund was requested. Payload: the refund snapshot.' },
  { type: 'refund.succeeded', entityType: 'Refund', description: 'The money of a refund is back with the payer. Payload: the refund snapshot.' },
  { type: 'refund.failed', entityType: 'Refund', description: 'A refund failed; nothing moved. Payload: the refund snapshot, failureReason set.' },
  { type: 'dispute.created', entityType: 'Dispute', description: 'A dispute was opened; its amount is held on the payee. Payload: the dispute snapshot.' },
  { type: 'dispute.evidence_submitted', entityType: 'Dispute', description: 'The payee submitted evidence (status under_review). Payload: the dispute snapshot.' },
  { type: 'dispute.escalated', entityType: 'Dispute', description: 'A dispute was escalated. Payload: the dispute snapshot.' },
  { type: 'dispute.resolved', entityType: 'Dispute', description: 'A dispute was decided: won (hold released), lost or accepted (moved to the payer). Payload: the dispute snapshot.' },
  {
    type: 'transfer.pending_approval',
    entityType: 'Transfer',
    description: "An agent's transfer or payout above its approval threshold is held until an owner or admin decides (approveAction, rejectAction). Payload: the transfer snapshot.",
  },
  {
    type: 'liquidity.low',
    entityType: 'Transfer',
    description: "A payout took a rail's float below zero: rebalance into it. Names the payout that crossed the line. Payload: rail, currency, balance, shortfall, transferId.",
  },
  { type: 'webhook_endpoint.disabled', entityType: 'WebhookEndpoint', description: 'An endpoint was disabled after answering 410 or failing for 5 days. Payload: endpointId, url, reason.' },
  { type: 'agent.created', entityType: 'Agent', description: 'An agent was created for an account. Payload: id, accountId, name, status, kyaTier.' },
  {
    type: 'agent.kya_updated',
    entityType: 'Agent',
    description: "An agent's KYA verification moved (submitted: pending; the verifier: verified or rejected). Payload: agentId, name, status, kyaTier, kyaStatus, changed.",
  },
  {
    type: 'agent.activity_recorded',
    entityType: 'Agent',
    description: 'An agent acted, was refused or now waits for approval (the agentActivity subscription). Payload: activityId, agentId, action, outcome, transferId.',
  },
  { type: 'agent_policy.updated', entityType: 'TenantAgentPolicy', description: "The tenant's agent settings changed (updateTenantAgentPolicy). Payload: changed (the fields)." },
  { type: 'approval.requested', entityType: 'Approval', description: "An agent's action waits for a human decision, money held. Payload: approvalId, agentId, transferId, status, amountMinor, currency." },
  { type: 'approval.approved', entityType: 'Approval', description: 'An owner or admin approved a held action; it goes ahead. Payload: as approval.requested, plus reason.' },
  { type: 'approval.rejected', entityType: 'Approval', description: 'An owner or admin rejected a held action; the hold is released. Payload: as approval.requested, plus reason.' },
  { type: 'approval.expired', entityType: 'Approval', description: 'Nobody decided in time; the hold is released. Payload: as approval.requested.' },
  { type: 'agent.updated', entityType: 'Agent', description: "An agent changed: status (through its lifecycle), name, limits, permissions or KYA. A paused or suspended agent is refused at once and its websockets close. Payload: agentId, name, status, changed." },
  { type: 'api_key.revoked', entityType: 'ApiKey', description: 'An API key was revoked, or its rotation grace ended early. Payload: apiKeyId, prefix.' },
  { type: 'session.revoked', entityType: 'Session', description: 'A dashboard session ended (logout, revocation, removal from the team, refresh token reuse). Payload: sessionId, userId, reason.' },
  { type: 'member.role_changed', entityType: 'Member', description: "A team member's role changed; it applies to their next request. Payload: userId, from, to." },
  { type: 'agent_token.revoked', entityType: 'AgentToken', description: 'An agent token was revoked. Payload: agentTokenId, agentId.' },
  { type: 'export.created', entityType: 'Export', description: 'An export was requested; it is being built. Payload: the export snapshot (id, status, format, from, to).' },
  {
    type: 'export.ready',
    entityType: 'Export',
    description: 'An export finished: recordCount, byteSize, checksum (SHA-256), expiresAt and a signed downloadUrl that works without a session until then. Payload: the export snapshot.',
  },
  { type: 'export.failed', entityType: 'Export', description: 'An export could not be built after its retries. Payload: the export snapshot.' },
  { type: 'webhook.test', entityType: 'WebhookEndpoint', description: 'Sent by sendTestEvent, to that endpoint only. Payload: endpointId, message.' },
];

export const EVENT_TYPES: readonly string[] = EVENT_CATALOGUE.map((definition) => definition.type);

const PATTERN = /^(\*|[a-z_]+\.\*|[a-z_]+\.[a-z_]+)$/;

/** True when `type` matches a filter entry: an exact type, `prefix.*`, or `*`. */
export function eventTypeMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/**
 * Checks a filter against the catalogue and expands its wildcards into exact types. Returns the
 * reason when an entry is malformed or names nothing the platform emits.
 */
export function expandEventTypes(patterns: readonly string[]): { ok: true; types: string[] } | { ok: false; reason: string } {
  const types = new Set<string>();
  for (const pattern of patterns) {
    if (!PATTERN.test(pattern)) return { ok: false, reason: `"${pattern.slice(0, 100)}" is not an event type or a wildcard like transfer.*` };
    const matched = EVENT_TYPES.filter((type) => eventTypeMatches(pattern, type));
    if (matched.length === 0) return { ok: false, reason: `"${pattern}" matches no event type (see the event catalogue)` };
    for (const type of matched) types.add(type);
  }
  return { ok: true, types: [...types] };
}
