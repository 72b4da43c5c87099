import type { EntityManager } from 'typeorm';
import type { Actor } from '@orquesta/context';
import { recordEvent } from '@orquesta/events';
import type { DisabledReason, EndpointStatus } from './webhook-endpoint.entity';

/**
 * The only code that writes an endpoint's status. enabled → disabled (by the tenant, after a
 * 410 Gone, after 5 days of failures); disabled → enabled (by the tenant only, which also
 * forgets the failure streak). Automatic disabling records `webhook_endpoint.disabled`.
 */
export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'webhook-delivery', name: 'Webhook delivery' };

export async function setEndpointStatus(
  manager: EntityManager,
  endpointId: string,
  next: EndpointStatus,
  reason: DisabledReason | null,
): Promise<{ id: string; tenantId: string; livemode: boolean; url: string; version: number } | undefined> {
  const [row] = await manager.query(
    `WITH u AS (
       UPDATE accounts.webhook_endpoints
          SET status = $2, disabled_reason = $3, failing_since = CASE WHEN $2 = 'enabled' THEN NULL ELSE failing_since END,
              version = version + 1, updated_at = now()
        WHERE id = $1 AND status <> $2 RETURNING id, tenant_id, livemode, url, version)
     SELECT id, tenant_id AS "tenantId", livemode, url, version FROM u`,
    [endpointId, next, next === 'disabled' ? reason : null],
  );
  return row;
}

/** Disables an endpoint on the platform's own decision, and says so in the event stream. */
export async function disableAutomatically(manager: EntityManager, endpointId: string, reason: Exclude<DisabledReason, 'manual'>): Promise<boolean> {
  const disabled = await setEndpointStatus(manager, endpointId, 'disabled', reason);
  if (!disabled) return false;
  await recordEvent(manager, { tenantId: disabled.tenantId, livemode: disabled.livemode }, {
    type: 'webhook_endpoint.disabled',
    entityType: 'WebhookEndpoint',
    entityId: disabled.id,
    entityVersion: disabled.version,
    payload: {
      endpointId: disabled.id,
      url: disabled.url,
      reason: reason === 'gone' ? 'the endpoint answered 410 Gone' : 'every delivery failed for 5 days',
    },
    actor: SYSTEM_ACTOR,
  });
  return true;
}
