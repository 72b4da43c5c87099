import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantRlsStatements } from '@orquesta/db';

export class CreateExports1732300000510 implements MigrationInterface {
  name = 'CreateExports1732300000510';

  async up(runner: QueryRunner): Promise<void> {
    // An export: what was asked (format, period, filters), where the build stands, and where
    // the finished file is (a large object or a file under the data directory).
    await runner.query(`
      CREATE TABLE payments.exports (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        format text NOT NULL CHECK (format IN ('quickbooks', 'quickbooks4', 'xero', 'netsuite', 'full_csv', 'json_lines')),
        date_format text NOT NULL CHECK (date_format IN ('us', 'uk', 'iso')),
        period_from timestamptz NOT NULL,
        period_to timestamptz NOT NULL CHECK (period_to > period_from),
        filters jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('processing', 'ready', 'failed', 'expired')),
        progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        record_count bigint,
        byte_size bigint,
        checksum text,
        storage text CHECK (storage IN ('postgres', 'file')),
        large_object oid,
        file_name text,
        failure_reason text,
        requested_by jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await runner.query('CREATE INDEX exports_newest ON payments.exports (tenant_id, livemode, id DESC)');
    await runner.query("CREATE INDEX exports_expiring ON payments.exports (expires_at) WHERE status = 'ready'");
    for (const statement of tenantRlsStatements('payments.exports')) await runner.query(statement);
    // Reports and exports read a tenant's transfers by period: a covering index keeps a month of
    // a million transfers an index-only scan.
    await runner.query(`CREATE INDEX transfers_by_time ON payments.transfers (tenant_id, livemode, created_at)
      INCLUDE (status, type, currency, amount_minor, fee_minor, completed_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX payments.transfers_by_time');
    await runner.query('DROP TABLE payments.exports');
  }
}
