import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTriggersMigration, tenantRlsStatements } from '@orquesta/db';

export class CreateRefunds1732300000600 implements MigrationInterface {
  name = 'CreateRefunds1732300000600';

  async up(runner: QueryRunner): Promise<void> {
    // A refund moves money back along its transfer. The sum of a transfer's live refunds is
    // checked under the transfer's row lock (the service), not by a constraint.
    await runner.query(`
      CREATE TABLE payments.refunds (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        transfer_id uuid NOT NULL REFERENCES payments.transfers (id),
        amount_minor numeric(39, 0) NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        reason text NOT NULL CHECK (reason IN ('duplicate_payment', 'service_not_rendered', 'customer_request', 'error', 'other')),
        reason_details text,
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        failure_reason text,
        initiated_by jsonb NOT NULL,
        idempotency_key text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        completed_at timestamptz
      )`);
    await runner.query('CREATE INDEX refunds_by_transfer ON payments.refunds (transfer_id)');
    await runner.query('CREATE INDEX refunds_by_tenant ON payments.refunds (tenant_id, livemode, id DESC)');
    for (const statement of tenantRlsStatements('payments.refunds')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE payments.refunds');
  }
}

export const AuditRefunds1732300000601 = auditTriggersMigration('AuditRefunds1732300000601', [['payments.refunds', []]]);
