import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantRlsStatements } from '@orquesta/db';

export class PayoutRails1732300000020 implements MigrationInterface {
  name = 'PayoutRails1732300000020';

  async up(runner: QueryRunner): Promise<void> {
    // The simulated providers' own books: what each rail holds, keyed by the caller's reference.
    await runner.query(`
      CREATE TABLE treasury.rail_simulator_payouts (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        rail text NOT NULL,
        reference text NOT NULL CHECK (length(reference) <= 200),
        transfer_id uuid NOT NULL,
        amount_minor numeric(39, 0) NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        destination jsonb NOT NULL,
        final_status text NOT NULL CHECK (final_status IN ('succeeded', 'failed', 'cancelled')),
        failure_code text,
        complete_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, livemode, rail, reference)
      )`);
    await runner.query('CREATE INDEX rail_simulator_payouts_recent ON treasury.rail_simulator_payouts (tenant_id, livemode, rail, created_at DESC)');
    await runner.query('CREATE INDEX rail_simulator_payouts_transfer ON treasury.rail_simulator_payouts (tenant_id, livemode, transfer_id)');
    for (const statement of tenantRlsStatements('treasury.rail_simulator_payouts')) await runner.query(statement);

    await runner.query(`
      CREATE TABLE treasury.routing_rules (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        corridor text NOT NULL,
        min_amount_minor numeric(39, 0),
        max_amount_minor numeric(39, 0),
        rails text[] NOT NULL CHECK (cardinality(rails) BETWEEN 1 AND 10),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX routing_rules_corridor ON treasury.routing_rules (tenant_id, livemode, corridor, created_at DESC)');
    for (const statement of tenantRlsStatements('treasury.routing_rules')) await runner.query(statement);

    await runner.query(`
      CREATE TABLE treasury.reconciliation_runs (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        matched integer NOT NULL CHECK (matched >= 0),
        mismatched integer NOT NULL CHECK (mismatched >= 0)
      )`);
    await runner.query('CREATE INDEX reconciliation_runs_newest ON treasury.reconciliation_runs (tenant_id, livemode, id DESC)');
    for (const statement of tenantRlsStatements('treasury.reconciliation_runs')) await runner.query(statement);

    await runner.query(`
      CREATE TABLE treasury.reconciliation_items (
        id uuid PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES treasury.reconciliation_runs (id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        rail text NOT NULL,
        transfer_id uuid NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('matched', 'amount_mismatch', 'missing_in_ledger', 'missing_at_rail')),
        ledger_amount_minor numeric(39, 0),
        rail_amount_minor numeric(39, 0),
        currency text NOT NULL
      )`);
    await runner.query('CREATE INDEX reconciliation_items_run ON treasury.reconciliation_items (run_id, id)');
    for (const statement of tenantRlsStatements('treasury.reconciliation_items')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE treasury.reconciliation_items');
    await runner.query('DROP TABLE treasury.reconciliation_runs');
    await runner.query('DROP TABLE treasury.routing_rules');
    await runner.query('DROP TABLE treasury.rail_simulator_payouts');
  }
}
