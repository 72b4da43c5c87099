import { Column, Entity, PrimaryColumn } from 'typeorm';

export type EndpointStatus = 'enabled' | 'disabled';
/** Why an endpoint is disabled: by the tenant, after a 410 Gone, or after 5 days of failures. */
export type DisabledReason = 'manual' | 'gone' | 'failing';

/** Where a tenant wants its events delivered. The sealed secrets are never a GraphQL field. */
@Entity({ name: 'webhook_endpoints', schema: 'accounts' })
export class WebhookEndpointEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('boolean')
  livemode!: boolean;

  @Column('text')
  url!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  /** Exact types or wildcards (`transfer.*`, `*`), checked against the catalogue. */
  @Column('text', { name: 'event_types', array: true })
  eventTypes!: string[];

  @Column('text')
  status!: EndpointStatus;

  @Column('text', { name: 'disabled_reason', nullable: true })
  disabledReason!: DisabledReason | null;

  @Column('bytea', { name: 'secret_sealed', select: false })
  secretSealed!: Buffer;

  @Column('bytea', { name: 'previous_secret_sealed', nullable: true, select: false })
  previousSecretSealed!: Buffer | null;

  @Column('timestamptz', { name: 'previous_secret_expires_at', nullable: true })
  previousSecretExpiresAt!: Date | null;

  /** The first failure since the last success; null while healthy. */
  @Column('timestamptz', { name: 'failing_since', nullable: true })
  failingSince!: Date | null;

  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
