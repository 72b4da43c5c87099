import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AgentState = 'active' | 'paused' | 'suspended';
export type KyaState = 'unverified' | 'pending' | 'verified' | 'rejected' | 'suspended';

/** An AI agent acting for an account, within limits its owner sets (KYA: know your agent). */
@Entity({ name: 'agents', schema: 'agents' })
export class AgentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('boolean')
  livemode!: boolean;

  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('text')
  status!: AgentState;

  @Column('smallint', { name: 'kya_tier' })
  kyaTier!: number;

  @Column('text', { name: 'kya_status' })
  kyaStatus!: KyaState;

  /** The currency the owner's limits are set in (and every movement the agent makes). */
  @Column('text')
  currency!: string;

  // Owner-set limits in minor units; null leaves the window to the tier and the parent.
  @Column('bigint', { name: 'limit_per_transaction_minor', nullable: true })
  limitPerTransactionMinor!: string | null;

  @Column('bigint', { name: 'limit_daily_minor', nullable: true })
  limitDailyMinor!: string | null;

  @Column('bigint', { name: 'limit_monthly_minor', nullable: true })
  limitMonthlyMinor!: string | null;

  @Column('integer', { name: 'max_active_streams' })
  maxActiveStreams!: number;

  @Column('bigint', { name: 'max_flow_rate_per_month_minor', nullable: true })
  maxFlowRatePerMonthMinor!: string | null;

  @Column('bigint', { name: 'max_stream_outflow_minor', nullable: true })
  maxStreamOutflowMinor!: string | null;

  /** Above this, a transfer or payout waits for a human; null takes the tenant's default. */
  @Column('bigint', { name: 'approval_threshold_minor', nullable: true })
  approvalThresholdMinor!: string | null;

  /** The seed's permissions document; see `agentPermissionsFromDocument`. */
  @Column('jsonb')
  permissions!: Record<string, Record<string, boolean>>;

  @Column('smallint', { name: 'kya_requested_tier', nullable: true })
  kyaRequestedTier!: number | null;

  @Column('jsonb', { name: 'kya_attestations' })
  kyaAttestations!: Array<{ type: string; value: string }>;

  @Column('timestamptz', { name: 'kya_verified_at', nullable: true })
  kyaVerifiedAt!: Date | null;

  @Column('text', { name: 'kya_reason', nullable: true })
  kyaReason!: string | null;

  @Column('text', { name: 'status_reason', nullable: true })
  statusReason!: string | null;

  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
