import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AccountKind = 'person' | 'business';
export type VerificationState = 'unverified' | 'pending' | 'verified' | 'rejected' | 'suspended';

/** A partner's customer: a person (KYC) or a business (KYB). */
@Entity({ name: 'accounts', schema: 'accounts' })
export class AccountEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('boolean')
  livemode!: boolean;

  @Column('text')
  type!: AccountKind;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('smallint', { name: 'verification_tier' })
  verificationTier!: number;

  @Column('text', { name: 'verification_status' })
  verificationStatus!: VerificationState;

  /** Bumped by every change; subscribers use it to share refetches of the same state. */
  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
