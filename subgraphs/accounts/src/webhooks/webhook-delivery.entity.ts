import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * pending   → being tried (first attempt, or waiting for a retry); goes to succeeded or failed.
 * succeeded → a 2xx arrived; back to pending only by a manual retry or a replay.
 * failed    → retries exhausted, or the endpoint was disabled; back to pending the same way.
 */
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One event owed to one endpoint: unique per (endpoint, event), so nothing is owed twice. */
@Entity({ name: 'webhook_deliveries', schema: 'accounts' })
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('boolean')
  livemode!: boolean;

  @Column('uuid', { name: 'endpoint_id' })
  endpointId!: string;

  @Column('text', { name: 'event_id' })
  eventId!: string;

  @Column('text', { name: 'event_type' })
  eventType!: string;

  @Column('text')
  status!: DeliveryStatus;

  @Column('integer', { name: 'attempt_count' })
  attemptCount!: number;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt!: Date | null;

  @Column('integer', { name: 'last_status_code', nullable: true })
  lastStatusCode!: number | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** One HTTP attempt of a delivery, as the receiver answered it. */
@Entity({ name: 'webhook_attempts', schema: 'accounts' })
export class WebhookAttemptEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('boolean')
  livemode!: boolean;

  @Column('uuid', { name: 'delivery_id' })
  deliveryId!: string;

  @Column('timestamptz', { name: 'attempted_at' })
  attemptedAt!: Date;

  @Column('integer', { name: 'status_code', nullable: true })
  statusCode!: number | null;

  @Column('integer', { name: 'latency_ms' })
  latencyMs!: number;

  @Column('text', { name: 'response_excerpt', nullable: true })
  responseExcerpt!: string | null;

  @Column('text', { nullable: true })
  error!: string | null;

  @Column('boolean')
  succeeded!: boolean;
}
