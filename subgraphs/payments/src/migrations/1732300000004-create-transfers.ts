import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantRlsStatements } from '@orquesta/db';

export class CreateTransfers1732300000004 implements MigrationInterface {
  name = 'CreateTransfers1732300000004';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE payments.transfers (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        type text NOT NULL CHECK (type IN ('internal', 'cross_border', 'payout', 'deposit', 'refund')),
        status text NOT NULL CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled')),
        from_account_id uuid,
        to_account_id uuid,
        amount_minor numeric(39, 0) NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        description text CHECK (length(description) <= 1000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX transfers_from ON payments.transfers (tenant_id, livemode, from_account_id, id DESC)');
    await runner.query('CREATE INDEX transfers_to ON payments.transfers (tenant_id, livemode, to_account_id, id DESC)');
    for (const statement of tenantRlsStatements('payments.transfers')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE payments.transfers');
  }
}
