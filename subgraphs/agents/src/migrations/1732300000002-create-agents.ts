import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantRlsStatements } from '@orquesta/db';

export class CreateAgents1732300000002 implements MigrationInterface {
  name = 'CreateAgents1732300000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE agents.agents (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        account_id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text CHECK (length(description) <= 1000),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'suspended')),
        kya_tier smallint NOT NULL DEFAULT 0 CHECK (kya_tier BETWEEN 0 AND 3),
        kya_status text NOT NULL DEFAULT 'unverified' CHECK (kya_status IN ('unverified', 'pending', 'verified', 'suspended')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX agents_tenant_page ON agents.agents (tenant_id, livemode, id DESC)');
    await runner.query('CREATE INDEX agents_by_account ON agents.agents (account_id, id DESC)');
    for (const statement of tenantRlsStatements('agents.agents')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE agents.agents');
  }
}
