import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantRlsStatements } from '@orquesta/db';

export class TransfersOnLedger1732300000007 implements MigrationInterface {
  name = 'TransfersOnLedger1732300000007';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE payments.transfers
        ADD COLUMN fee_minor numeric(39, 0) NOT NULL DEFAULT 0 CHECK (fee_minor >= 0),
        ADD COLUMN initiated_by jsonb NOT NULL DEFAULT '{"type": "system", "id": "unknown"}',
        ADD COLUMN idempotency_key text CHECK (length(idempotency_key) <= 255),
        ADD COLUMN failure_reason text CHECK (length(failure_reason) <= 500),
        ADD COLUMN completed_at timestamptz,
        ADD COLUMN version integer NOT NULL DEFAULT 1`);
    await runner.query('CREATE INDEX transfers_newest ON payments.transfers (tenant_id, livemode, id DESC)');

    await runner.query(`
      CREATE TABLE payments.quotes (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        from_currency text NOT NULL,
        to_currency text NOT NULL,
        corridor text NOT NULL,
        amount_minor numeric(39, 0) NOT NULL CHECK (amount_minor > 0),
        fee_bps integer NOT NULL CHECK (fee_bps BETWEEN 0 AND 10000),
        fee_minor numeric(39, 0) NOT NULL CHECK (fee_minor >= 0),
        rate numeric(30, 12) NOT NULL CHECK (rate > 0),
        rate_as_of timestamptz NOT NULL,
        target_amount_minor numeric(39, 0) NOT NULL CHECK (target_amount_minor >= 0),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX quotes_newest ON payments.quotes (tenant_id, livemode, id DESC)');
    for (const statement of tenantRlsStatements('payments.quotes')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE payments.quotes');
    await runner.query(`ALTER TABLE payments.transfers DROP COLUMN fee_minor, DROP COLUMN initiated_by, DROP COLUMN idempotency_key,
      DROP COLUMN failure_reason, DROP COLUMN completed_at, DROP COLUMN version`);
  }
}
