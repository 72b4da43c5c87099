import type { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '@orquesta/context';
import { isUuid, tenantScope } from '@orquesta/context';
import { lockEntities, readForTenant, SqlWhere, uuidv7, withTenant, type TenantScope } from '@orquesta/db';
import { expandEventTypes, EVENT_RETENTION_DAYS, parseEventId, readEvents, recordEvent } from '@orquesta/events';
import { badInput, checkOptionalText, fail, notFound, ok, toConnection, type Connection, type PageRequest, type Result } from '@orquesta/graphql';
import type { Resolver } from './webhook-address.policy';
import { WEBHOOK_NOTIFY_CHANNEL, type WebhookConfig } from './webhook.config';
import { owe, requeueDelivery } from './webhook-delivery.lifecycle';
import type { DeliveryStatus, WebhookAttemptEntity, WebhookDeliveryEntity } from './webhook-delivery.entity';
import { setEndpointStatus } from './webhook-endpoint.lifecycle';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { generateWebhookSecret, sealSecret } from './webhook-secret';
import { managerSql } from './webhook-sql';
import { checkWebhookUrl } from './webhook-url.rules';

export type WebhookEndpointView = Omit<WebhookEndpointEntity, 'secretSealed' | 'previousSecretSealed' | 'failingSince'>;

export interface NewWebhookEndpoint {
  readonly url: string;
  readonly description?: string | null;
  readonly eventTypes: readonly string[];
}

export interface WebhookEndpointChanges {
  readonly id: string;
  readonly url?: string | null;
  readonly description?: string | null;
  readonly eventTypes?: readonly string[] | null;
  readonly enabled?: boolean | null;
}

export interface ReplayRequest {
  readonly endpointId: string;
  readonly from: Date;
  readonly to: Date;
  readonly types?: readonly string[] | null;
}

export type WebhookEndpointService = ReturnType<typeof createWebhookEndpointService>;

export const ENDPOINTS_PER_MODE_MAX = 20;
export const REPLAY_EVENTS_MAX = 10_000;
const ATTEMPTS_PER_DELIVERY_MAX = 50;
const EVENT_TYPES_MAX = 100;

// Never the sealed secrets: what GraphQL and the dashboard may see.
const ENDPOINT_COLUMNS = `id, tenant_id AS "tenantId", livemode, url, description, event_types AS "eventTypes", status,
  disabled_reason AS "disabledReason", previous_secret_expires_at AS "previousSecretExpiresAt", version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;
const DELIVERY_COLUMNS = `id, tenant_id AS "tenantId", livemode, endpoint_id AS "endpointId", event_id AS "eventId",
  event_type AS "eventType", status, attempt_count AS "attemptCount", next_attempt_at AS "nextAttemptAt",
  last_attempt_at AS "lastAttemptAt", last_status_code AS "lastStatusCode", created_at AS "createdAt", updated_at AS "updatedAt"`;

function checkEventTypes(field: string, patterns: readonly string[]): Result<string[]> {
  if (patterns.length === 0) return badInput(field, 'must name at least one event type (or *)');
  if (patterns.length > EVENT_TYPES_MAX) return badInput(field, `must have at most ${EVENT_TYPES_MAX} entries`);
  const expanded = expandEventTypes(patterns);
  if (!expanded.ok) return badInput(field, expanded.reason);
  return ok([...new Set(patterns)]);
}

export interface WebhookEndpointServiceDeps {
  readonly dataSource: DataSource;
  readonly config: WebhookConfig;
  readonly resolver?: Resolver;
}

export function createWebhookEndpointService({ dataSource, config, resolver }: WebhookEndpointServiceDeps) {
  const urlOptions = (livemode: boolean) => ({ livemode, policy: config.addressPolicy, resolver });

  async function lockedEndpoint(manager: EntityManager, scope: TenantScope, id: string): Promise<WebhookEndpointView | undefined> {
    await lockEntities(manager, [id]);
    const [row] = await manager.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM accounts.webhook_endpoints WHERE id = $1 AND tenant_id = $2 AND livemode = $3 FOR UPDATE`,
      [id, scope.tenantId, scope.livemode],
    );
    return row;
  }

  async function readEndpoint(manager: EntityManager, id: string): Promise<WebhookEndpointView> {
    const [row] = await manager.query(`SELECT ${ENDPOINT_COLUMNS} FROM accounts.webhook_endpoints WHERE id = $1`, [id]);
    return row;
  }

  // Delivered at commit: the worker enqueues what this transaction made due, and nothing if it rolls back.
  const wakeWorker = (manager: EntityManager) => manager.query(`SELECT pg_notify('${WEBHOOK_NOTIFY_CHANNEL}', '')`);

  return {
    async list(request: RequestContext, page: PageRequest): Promise<Result<Connection<WebhookEndpointView>>> {
      const scope = tenantScope(request);
      const where = new SqlWhere([scope.tenantId, scope.livemode, page.limit + 1], ['tenant_id = $1', 'livemode = $2']);
      if (page.afterId) where.and((p) => `id < ${p}`, page.afterId);
      const rows = await readForTenant<WebhookEndpointView>(
        dataSource,
        scope,
        `SELECT ${ENDPOINT_COLUMNS} FROM accounts.webhook_endpoints WHERE ${where.sql} ORDER BY id DESC LIMIT $3`,
        where.params,
      );
      return ok(toConnection(rows, page));
    },

    async getMany(request: RequestContext, ids: readonly string[]): Promise<WebhookEndpointView[]> {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      const scope = tenantScope(request);
      return readForTenant<WebhookEndpointView>(
        dataSource,
        scope,
        `SELECT ${ENDPOINT_COLUMNS} FROM accounts.webhook_endpoints WHERE tenant_id = $1 AND livemode = $2 AND id = ANY($3::uuid[])`,
        [scope.tenantId, scope.livemode, valid],
      );
    },

    async create(request: RequestContext, input: NewWebhookEndpoint): Promise<Result<{ endpoint: WebhookEndpointView; secret: string }>> {
      const scope = tenantScope(request);
      const url = await checkWebhookUrl('input.url', input.url, urlOptions(scope.livemode));
      if (!url.ok) return url;
      const description = checkOptionalText('input.description', input.description);
      if (!description.ok) return description;
      const eventTypes = checkEventTypes('input.eventTypes', input.eventTypes);
      if (!eventTypes.ok) return eventTypes;
      const id = uuidv7();
      const secret = generateWebhookSecret();
      const created = await withTenant(dataSource, scope, async (manager) => {
        // One tenant's endpoints are counted under a lock on the tenant, so two creations cannot both pass.
        await lockEntities(manager, [scope.tenantId]);
        const [{ count }] = await manager.query('SELECT count(*)::int AS count FROM accounts.webhook_endpoints WHERE tenant_id = $1 AND livemode = $2', [
          scope.tenantId,
          scope.livemode,
        ]);
        if (count >= ENDPOINTS_PER_MODE_MAX) return undefined;
        await manager.query(
          `INSERT INTO accounts.webhook_endpoints (id, tenant_id, livemode, url, description, event_types, status, secret_sealed)
           VALUES ($1, $2, $3, $4, $5, $6, 'enabled', $7)`,
          [id, scope.tenantId, scope.livemode, url.value, description.value, eventTypes.value, sealSecret(config.secretKey, id, secret)],
        );
        return readEndpoint(manager, id);
      });
      if (!created) return fail({ code: 'CONFLICT', message: `A mode holds at most ${ENDPOINTS_PER_MODE_MAX} webhook endpoints` });
      return ok({ endpoint: created, secret });
    },

    async update(request: RequestContext, changes: WebhookEndpointChanges): Promise<Result<WebhookEndpointView>> {
      if (!isUuid(changes.id)) return notFound('WebhookEndpoint', changes.id);
      const scope = tenantScope(request);
      const sets: string[] = [];
      const params: unknown[] = [changes.id];
      const set = (column: string, value: unknown) => {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      };
      if (changes.url === null) return badInput('input.url', 'must not be null');
      if (changes.url !== undefined) {
        const url = await checkWebhookUrl('input.url', changes.url, urlOptions(scope.livemode));
        if (!url.ok) return url;
        set('url', url.value);
      }
      if (changes.description !== undefined) {
        const description = checkOptionalText('input.description', changes.description);
        if (!description.ok) return description;
        set('description', description.value);
      }
      if (changes.eventTypes === null) return badInput('input.eventTypes', 'must not be null');
      if (changes.eventTypes !== undefined) {
        const eventTypes = checkEventTypes('input.eventTypes', changes.eventTypes);
        if (!eventTypes.ok) return eventTypes;
        set('event_types', eventTypes.value);
      }
      const updated = await withTenant(dataSource, scope, async (manager) => {
        const endpoint = await lockedEndpoint(manager, scope, changes.id);
        if (!endpoint) return undefined;
        if (sets.length > 0) {
          await manager.query(
            `WITH u AS (UPDATE accounts.webhook_endpoints SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1 RETURNING id) SELECT id FROM u`,
            params,
          );
        }
        if (changes.enabled === true) await setEndpointStatus(manager, endpoint.id, 'enabled', null);
        if (changes.enabled === false) await setEndpointStatus(manager, endpoint.id, 'disabled', 'manual');
        return readEndpoint(manager, endpoint.id);
      });
      return updated ? ok(updated) : notFound('WebhookEndpoint', changes.id);
    },

    async delete(request: RequestContext, id: string): Promise<Result<string>> {
      if (!isUuid(id)) return notFound('WebhookEndpoint', id);
      const scope = tenantScope(request);
      const deleted = await withTenant(dataSource, scope, async (manager) => {
        const endpoint = await lockedEndpoint(manager, scope, id);
        if (!endpoint) return false;
        await manager.query('WITH d AS (DELETE FROM accounts.webhook_endpoints WHERE id = $1 RETURNING id) SELECT id FROM d', [id]);
        return true;
      });
      return deleted ? ok(id) : notFound('WebhookEndpoint', id);
    },

    /** A new secret; the old one keeps signing (a second signature) for the overlap, then stops. */
    async rotateSecret(request: RequestContext, id: string): Promise<Result<{ endpoint: WebhookEndpointView; secret: string }>> {
      if (!isUuid(id)) return notFound('WebhookEndpoint', id);
      const scope = tenantScope(request);
      const secret = generateWebhookSecret();
      const rotated = await withTenant(dataSource, scope, async (manager) => {
        const endpoint = await lockedEndpoint(manager, scope, id);
        if (!endpoint) return undefined;
        await manager.query(
          `WITH u AS (UPDATE accounts.webhook_endpoints
              SET previous_secret_sealed = secret_sealed, secret_sealed = $2,
                  previous_secret_expires_at = now() + make_interval(secs => $3::double precision / 1000),
                  version = version + 1, updated_at = now()
            WHERE id = $1 RETURNING id) SELECT id FROM u`,
          [id, sealSecret(config.secretKey, id, secret), config.rotationOverlapMs],
        );
        return readEndpoint(manager, id);
      });
      return rotated ? ok({ endpoint: rotated, secret }) : notFound('WebhookEndpoint', id);
    },

    /** Records a `webhook.test` event, which the worker delivers to this endpoint only. */
    async sendTestEvent(request: RequestContext, id: string): Promise<Result<string>> {
      if (!isUuid(id)) return notFound('WebhookEndpoint', id);
      const scope = tenantScope(request);
      const eventId = await withTenant(dataSource, scope, async (manager) => {
        const endpoint = await lockedEndpoint(manager, scope, id);
        if (!endpoint) return undefined;
        return recordEvent(manager, scope, {
          type: 'webhook.test',
          entityType: 'WebhookEndpoint',
          entityId: id,
          entityVersion: endpoint.version,
          payload: { endpointId: id, message: 'A test event from Orquesta. Verify its signature, answer 2xx.' },
          actor: request.actor,
        });
      });
      return eventId ? ok(eventId) : notFound('WebhookEndpoint', id);
    },

    async listDeliveries(
      request: RequestContext,
      endpointId: string,
      page: PageRequest,
      status?: DeliveryStatus | null,
    ): Promise<Result<Connection<WebhookDeliveryEntity>>> {
      const scope = tenantScope(request);
      const where = new SqlWhere([scope.tenantId, scope.livemode, page.limit + 1, endpointId], ['tenant_id = $1', 'livemode = $2', 'endpoint_id = $4']);
      if (page.afterId) where.and((p) => `id < ${p}`, page.afterId);
      if (status) where.and((p) => `status = ${p}`, status);
      const rows = await readForTenant<WebhookDeliveryEntity>(
        dataSource,
        scope,
        `SELECT ${DELIVERY_COLUMNS} FROM accounts.webhook_deliveries WHERE ${where.sql} ORDER BY id DESC LIMIT $3`,
        where.params,
      );
      return ok(toConnection(rows, page));
    },

    /** Every delivery of some events (one per endpoint each, so bounded by the endpoint cap). */
    async deliveriesOfEvents(request: RequestContext, eventIds: readonly string[]): Promise<WebhookDeliveryEntity[]> {
      const valid = eventIds.filter((id) => parseEventId(id) !== undefined);
      if (valid.length === 0) return [];
      const scope = tenantScope(request);
      return readForTenant<WebhookDeliveryEntity>(
        dataSource,
        scope,
        `SELECT ${DELIVERY_COLUMNS} FROM accounts.webhook_deliveries WHERE tenant_id = $1 AND livemode = $2 AND event_id = ANY($3::text[]) ORDER BY id`,
        [scope.tenantId, scope.livemode, valid],
      );
    },

    async getDeliveries(request: RequestContext, ids: readonly string[]): Promise<WebhookDeliveryEntity[]> {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      const scope = tenantScope(request);
      return readForTenant<WebhookDeliveryEntity>(
        dataSource,
        scope,
        `SELECT ${DELIVERY_COLUMNS} FROM accounts.webhook_deliveries WHERE tenant_id = $1 AND livemode = $2 AND id = ANY($3::uuid[])`,
        [scope.tenantId, scope.livemode, valid],
      );
    },

    /** The newest attempts of some deliveries, newest first, at most 50 each. */
    async attemptsOf(request: RequestContext, deliveryIds: readonly string[]): Promise<WebhookAttemptEntity[]> {
      const valid = deliveryIds.filter(isUuid);
      if (valid.length === 0) return [];
      const scope = tenantScope(request);
      return readForTenant<WebhookAttemptEntity>(
        dataSource,
        scope,
        `SELECT id, delivery_id AS "deliveryId", attempted_at AS "attemptedAt", status_code AS "statusCode", latency_ms AS "latencyMs",
                response_excerpt AS "responseExcerpt", error, succeeded
           FROM (SELECT *, row_number() OVER (PARTITION BY delivery_id ORDER BY attempted_at DESC, id DESC) AS n
                   FROM accounts.webhook_attempts WHERE tenant_id = $1 AND livemode = $2 AND delivery_id = ANY($3::uuid[])) a
          WHERE n <= $4 ORDER BY attempted_at DESC, id DESC`,
        [scope.tenantId, scope.livemode, valid, ATTEMPTS_PER_DELIVERY_MAX],
      );
    },

    /** Sends a finished delivery again now, with the same webhook-id. */
    async retryDelivery(request: RequestContext, id: string): Promise<Result<WebhookDeliveryEntity>> {
      if (!isUuid(id)) return notFound('WebhookDelivery', id);
      const scope = tenantScope(request);
      const outcome = await withTenant(dataSource, scope, async (manager) => {
        const [delivery] = await manager.query(
          `SELECT d.id, e.status AS "endpointStatus" FROM accounts.webhook_deliveries d JOIN accounts.webhook_endpoints e ON e.id = d.endpoint_id
            WHERE d.id = $1 AND d.tenant_id = $2 AND d.livemode = $3 FOR UPDATE OF d`,
          [id, scope.tenantId, scope.livemode],
        );
        if (!delivery) return 'missing' as const;
        if (delivery.endpointStatus !== 'enabled') return 'disabled' as const;
        if (!(await requeueDelivery(managerSql(manager), id))) return 'pending' as const;
        await wakeWorker(manager);
        const [row] = await manager.query(`SELECT ${DELIVERY_COLUMNS} FROM accounts.webhook_deliveries WHERE id = $1`, [id]);
        return row as WebhookDeliveryEntity;
      });
      if (outcome === 'missing') return notFound('WebhookDelivery', id);
      if (outcome === 'disabled') return fail({ code: 'CONFLICT', message: 'The endpoint is disabled: enable it first' });
      if (outcome === 'pending') return fail({ code: 'CONFLICT', message: 'The delivery is already pending' });
      return ok(outcome);
    },

    /** Owes an endpoint again every matching event of a time range (at most REPLAY_EVENTS_MAX). */
    async replay(request: RequestContext, input: ReplayRequest): Promise<Result<number>> {
      if (!isUuid(input.endpointId)) return notFound('WebhookEndpoint', input.endpointId);
      if (!(input.from < input.to)) return badInput('input.to', 'must be after from');
      const oldest = Date.now() - EVENT_RETENTION_DAYS * 24 * 3600 * 1000;
      if (input.to.getTime() < oldest) return badInput('input.to', `is before the ${EVENT_RETENTION_DAYS}-day retention`);
      let requested: string[] | undefined;
      if (input.types) {
        const expanded = expandEventTypes(input.types);
        if (!expanded.ok) return badInput('input.types', expanded.reason);
        requested = expanded.types;
      }
      const scope = tenantScope(request);
      const [endpoint] = await this.getMany(request, [input.endpointId]);
      if (!endpoint) return notFound('WebhookEndpoint', input.endpointId);
      if (endpoint.status !== 'enabled') return fail({ code: 'CONFLICT', message: 'The endpoint is disabled: enable it first' });
      const filter = expandEventTypes(endpoint.eventTypes);
      const types = (filter.ok ? filter.types : []).filter((type) => type !== 'webhook.test' && (!requested || requested.includes(type)));
      if (types.length === 0) return ok(0);
      let queued = 0;
      let after;
      for (let read = 0; read < REPLAY_EVENTS_MAX; ) {
        const events = await readEvents(dataSource, scope, { after, types, createdFrom: input.from, createdTo: input.to, limit: 1_000 });
        if (events.length === 0) break;
        read += events.length;
        after = parseEventId(events[events.length - 1].id);
        queued += await withTenant(dataSource, scope, async (manager) => {
          const rows = await owe(managerSql(manager), scope, events.map((event) => ({ endpointId: endpoint.id, eventId: event.id, eventType: event.type })), true);
          await wakeWorker(manager);
          return rows.length;
        });
        if (events.length < 1_000) break;
      }
      return ok(queued);
    },
  };
}
