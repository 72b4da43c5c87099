import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantRlsStatements } from '@orquesta/db';

export class CreateStreams1732300000005 implements MigrationInterface {
  name = 'CreateStreams1732300000005';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE streams.streams (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'paused', 'cancelled', 'depleted')),
        sender_account_id uuid NOT NULL,
        receiver_account_id uuid NOT NULL,
        currency text NOT NULL,
        flow_rate_per_second_minor numeric(39, 0) NOT NULL CHECK (flow_rate_per_second_minor > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (sender_account_id <> receiver_account_id)
      )`);
    await runner.query('CREATE INDEX streams_sender ON streams.streams (tenant_id, livemode, sender_account_id, id DESC)');
    await runner.query('CREATE INDEX streams_receiver ON streams.streams (tenant_id, livemode, receiver_account_id, id DESC)');
    for (const statement of tenantRlsStatements('streams.streams')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE streams.streams');
  }
}
