import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantRlsStatements } from '@orquesta/db';

export class CreateWebhooks1732300000100 implements MigrationInterface {
  name = 'CreateWebhooks1732300000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE accounts.webhook_endpoints (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES accounts.tenants (id),
        livemode boolean NOT NULL,
        url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
        description text CHECK (length(description) <= 1000),
        event_types text[] NOT NULL CHECK (cardinality(event_types) BETWEEN 1 AND 100),
        status text NOT NULL CHECK (status IN ('enabled', 'disabled')),
        disabled_reason text CHECK (disabled_reason IN ('manual', 'gone', 'failing')),
        secret_sealed bytea NOT NULL,
        previous_secret_sealed bytea,
        previous_secret_expires_at timestamptz,
        failing_since timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'disabled') = (disabled_reason IS NOT NULL))
      )`);
    await runner.query('CREATE INDEX webhook_endpoints_tenant_page ON accounts.webhook_endpoints (tenant_id, livemode, id DESC)');
    for (const statement of tenantRlsStatements('accounts.webhook_endpoints')) await runner.query(statement);

    await runner.query(`
      CREATE TABLE accounts.webhook_deliveries (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        endpoint_id uuid NOT NULL REFERENCES accounts.webhook_endpoints (id) ON DELETE CASCADE,
        event_id text NOT NULL CHECK (event_id ~ '^evt_[0-9]+_[0-9]+$'),
        event_type text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempt_count integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_attempt_at timestamptz,
        last_status_code integer,
        leased_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (endpoint_id, event_id)
      )`);
    await runner.query('CREATE INDEX webhook_deliveries_endpoint_page ON accounts.webhook_deliveries (endpoint_id, id DESC)');
    await runner.query('CREATE INDEX webhook_deliveries_event ON accounts.webhook_deliveries (tenant_id, livemode, event_id)');
    await runner.query("CREATE INDEX webhook_deliveries_due ON accounts.webhook_deliveries (next_attempt_at) WHERE status = 'pending'");
    await runner.query('CREATE INDEX webhook_deliveries_age ON accounts.webhook_deliveries (created_at)');
    for (const statement of tenantRlsStatements('accounts.webhook_deliveries')) await runner.query(statement);

    await runner.query(`
      CREATE TABLE accounts.webhook_attempts (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        delivery_id uuid NOT NULL REFERENCES accounts.webhook_deliveries (id) ON DELETE CASCADE,
        attempted_at timestamptz NOT NULL,
        status_code integer,
        latency_ms integer NOT NULL,
        response_excerpt text CHECK (length(response_excerpt) <= 1000),
        error text CHECK (length(error) <= 1000),
        succeeded boolean NOT NULL
      )`);
    await runner.query('CREATE INDEX webhook_attempts_delivery ON accounts.webhook_attempts (delivery_id, attempted_at DESC)');
    for (const statement of tenantRlsStatements('accounts.webhook_attempts')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE accounts.webhook_attempts');
    await runner.query('DROP TABLE accounts.webhook_deliveries');
    await runner.query('DROP TABLE accounts.webhook_endpoints');
  }
}
