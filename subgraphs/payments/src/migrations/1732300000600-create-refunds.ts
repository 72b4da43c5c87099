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

export class CreateDisputes1732300000602 implements MigrationInterface {
  name = 'CreateDisputes1732300000602';

  async up(runner: QueryRunner): Promise<void> {
    // A dispute holds the disputed amount on the payee (a ledger hold towards the payer) until it is
    // won (void), lost or accepted (post).
    await runner.query(`
      CREATE TABLE payments.disputes (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        transfer_id uuid NOT NULL REFERENCES payments.transfers (id),
        amount_minor numeric(39, 0) NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        reason text NOT NULL CHECK (reason IN ('service_not_received', 'duplicate_charge', 'unauthorized', 'amount_incorrect', 'other')),
        description text,
        status text NOT NULL CHECK (status IN ('open', 'under_review', 'escalated', 'won', 'lost', 'accepted')),
        evidence jsonb NOT NULL DEFAULT '{}',
        hold_id uuid NOT NULL,
        due_by timestamptz NOT NULL,
        initiated_by jsonb NOT NULL,
        idempotency_key text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        resolved_at timestamptz
      )`);
    await runner.query('CREATE INDEX disputes_by_transfer ON payments.disputes (transfer_id)');
    await runner.query('CREATE INDEX disputes_by_tenant ON payments.disputes (tenant_id, livemode, id DESC)');
    for (const statement of tenantRlsStatements('payments.disputes')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE payments.disputes');
  }
}

export const AuditDisputes1732300000603 = auditTriggersMigration('AuditDisputes1732300000603', [['payments.disputes', []]]);
