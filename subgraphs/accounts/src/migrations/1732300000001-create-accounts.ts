import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantRlsStatements } from '@orquesta/db';

export class CreateAccounts1732300000001 implements MigrationInterface {
  name = 'CreateAccounts1732300000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE accounts.tenants (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A tenant sees its own row, in either mode.
    await runner.query('ALTER TABLE accounts.tenants ENABLE ROW LEVEL SECURITY');
    await runner.query('ALTER TABLE accounts.tenants FORCE ROW LEVEL SECURITY');
    await runner.query(
      "CREATE POLICY tenant_isolation ON accounts.tenants USING (id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)",
    );

    await runner.query(`
      CREATE TABLE accounts.accounts (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES accounts.tenants (id),
        livemode boolean NOT NULL,
        type text NOT NULL CHECK (type IN ('person', 'business')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        email text CHECK (length(email) <= 254),
        verification_tier smallint NOT NULL DEFAULT 0 CHECK (verification_tier BETWEEN 0 AND 3),
        verification_status text NOT NULL DEFAULT 'unverified'
          CHECK (verification_status IN ('unverified', 'pending', 'verified', 'rejected', 'suspended')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX accounts_tenant_page ON accounts.accounts (tenant_id, livemode, id DESC)');
    for (const statement of tenantRlsStatements('accounts.accounts')) await runner.query(statement);

    await runner.query(`
      CREATE TABLE accounts.api_keys (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES accounts.tenants (id),
        livemode boolean NOT NULL,
        name text NOT NULL,
        prefix text NOT NULL,
        key_hash bytea NOT NULL UNIQUE CHECK (length(key_hash) = 32),
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        expires_at timestamptz
      )`);
    await runner.query('CREATE INDEX api_keys_tenant ON accounts.api_keys (tenant_id, livemode)');
    for (const statement of tenantRlsStatements('accounts.api_keys')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE accounts.api_keys');
    await runner.query('DROP TABLE accounts.accounts');
    await runner.query('DROP TABLE accounts.tenants');
  }
}
