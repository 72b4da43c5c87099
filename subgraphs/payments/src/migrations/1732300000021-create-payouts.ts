import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantRlsStatements } from '@orquesta/db';

export class CreatePayouts1732300000021 implements MigrationInterface {
  name = 'CreatePayouts1732300000021';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE payments.transfers DROP CONSTRAINT transfers_status_check');
    await runner.query(`ALTER TABLE payments.transfers ADD CONSTRAINT transfers_status_check
      CHECK (status IN ('pending', 'processing', 'requires_manual_intervention', 'completed', 'failed', 'cancelled'))`);
    // The payout side of a transfer: what was promised (quote, rate, target amount), where it goes,
    // the hold that backs it, and where settlement stands. The transfer row keeps the status.
    await runner.query(`
      CREATE TABLE payments.payouts (
        transfer_id uuid PRIMARY KEY REFERENCES payments.transfers (id),
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        quote_id uuid,
        corridor text NOT NULL,
        network text NOT NULL,
        source_currency text NOT NULL,
        target_currency text NOT NULL,
        rate numeric(30, 12) NOT NULL CHECK (rate > 0),
        target_amount_minor numeric(39, 0) NOT NULL CHECK (target_amount_minor > 0),
        destination jsonb NOT NULL,
        hold_id uuid NOT NULL,
        stage text NOT NULL CHECK (stage IN ('queued', 'sending', 'sent', 'settled', 'failed', 'cancelled', 'manual')),
        chain text[] NOT NULL DEFAULT '{}',
        chain_index integer NOT NULL DEFAULT 0 CHECK (chain_index >= 0),
        round integer NOT NULL DEFAULT 0 CHECK (round >= 0),
        soft_failures integer NOT NULL DEFAULT 0 CHECK (soft_failures >= 0),
        rail text,
        reference text,
        rail_payout_id uuid,
        route jsonb,
        attempts jsonb NOT NULL DEFAULT '[]',
        manual_steps jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, livemode, quote_id)
      )`);
    await runner.query("CREATE INDEX payouts_unsettled ON payments.payouts (updated_at) WHERE stage IN ('queued', 'sending', 'sent')");
    for (const statement of tenantRlsStatements('payments.payouts')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE payments.payouts');
    await runner.query(`ALTER TABLE payments.transfers DROP CONSTRAINT transfers_status_check`);
    await runner.query(`ALTER TABLE payments.transfers ADD CONSTRAINT transfers_status_check
      CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled'))`);
  }
}
