import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AgentState = 'active' | 'paused' | 'suspended';
export type KyaState = 'unverified' | 'pending' | 'verified' | 'suspended';

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

  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
