import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A partner fintech. Every other row in the platform belongs to exactly one. */
@Entity({ name: 'tenants', schema: 'accounts' })
export class TenantEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
