import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTriggerStatements, tenantRlsStatements } from '@orquesta/db';

/**
 * What makes an agent safe to let loose: the owner's limits and permissions, KYA progress,
 * usage counters reserved with each movement, approvals and the activity log.
 */
export class AgentControls1732300000210 implements MigrationInterface {
  name = 'AgentControls1732300000210';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE agents.agents
        DROP CONSTRAINT IF EXISTS agents_kya_status_check,
        ADD CONSTRAINT agents_kya_status_check CHECK (kya_status IN ('unverified', 'pending', 'verified', 'rejected', 'suspended')),
        ADD COLUMN currency text NOT NULL DEFAULT 'USD',
        ADD COLUMN limit_per_transaction_minor bigint CHECK (limit_per_transaction_minor >= 0),
        ADD COLUMN limit_daily_minor bigint CHECK (limit_daily_minor >= 0),
        ADD COLUMN limit_monthly_minor bigint CHECK (limit_monthly_minor >= 0),
        ADD COLUMN max_active_streams integer NOT NULL DEFAULT 5 CHECK (max_active_streams >= 0),
        ADD COLUMN max_flow_rate_per_month_minor bigint CHECK (max_flow_rate_per_month_minor >= 0),
        ADD COLUMN max_stream_outflow_minor bigint CHECK (max_stream_outflow_minor >= 0),
        ADD COLUMN approval_threshold_minor bigint CHECK (approval_threshold_minor >= 0),
        ADD COLUMN permissions jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN kya_requested_tier smallint CHECK (kya_requested_tier BETWEEN 0 AND 3),
        ADD COLUMN kya_attestations jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN kya_verified_at timestamptz,
        ADD COLUMN kya_reason text,
        ADD COLUMN status_reason text`);

    await runner.query(`
      CREATE TABLE agents.tenant_policies (
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        time_zone text NOT NULL DEFAULT 'UTC',
        approval_threshold_minor bigint CHECK (approval_threshold_minor >= 0),
        approval_threshold_currency text,
        approval_ttl_seconds integer NOT NULL DEFAULT 86400 CHECK (approval_ttl_seconds BETWEEN 60 AND 2592000),
        tier3_per_transaction_minor bigint CHECK (tier3_per_transaction_minor >= 0),
        tier3_daily_minor bigint CHECK (tier3_daily_minor >= 0),
        tier3_monthly_minor bigint CHECK (tier3_monthly_minor >= 0),
        tier3_currency text,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, livemode)
      )`);

    // What the parent account's own verification tier lets its agents move (null: no cap).
    await runner.query(`
      CREATE TABLE agents.account_tier_limits (
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        tier smallint NOT NULL CHECK (tier BETWEEN 0 AND 3),
        per_transaction_major bigint CHECK (per_transaction_major >= 0),
        daily_major bigint CHECK (daily_major >= 0),
        monthly_major bigint CHECK (monthly_major >= 0),
        PRIMARY KEY (tenant_id, livemode, tier)
      )`);

    // One row per agent: today's and this month's reserved amounts, and its open streams.
    await runner.query(`
      CREATE TABLE agents.usage_counters (
        agent_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        day date NOT NULL,
        used_day_minor bigint NOT NULL CHECK (used_day_minor >= 0),
        month date NOT NULL,
        used_month_minor bigint NOT NULL CHECK (used_month_minor >= 0),
        active_streams integer NOT NULL DEFAULT 0 CHECK (active_streams >= 0),
        stream_flow_per_month_minor bigint NOT NULL DEFAULT 0 CHECK (stream_flow_per_month_minor >= 0)
      )`);
    await runner.query(`
      CREATE TABLE agents.usage_reservations (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        agent_id uuid NOT NULL,
        reference uuid NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        day date NOT NULL,
        month date NOT NULL,
        released_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, livemode, reference)
      )`);

    await runner.query(`
      CREATE TABLE agents.approvals (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        agent_id uuid NOT NULL,
        transfer_id uuid NOT NULL,
        action text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'expired')),
        reasoning text,
        decision_reason text,
        decided_by jsonb,
        expires_at timestamptz NOT NULL,
        decided_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, livemode, transfer_id)
      )`);
    await runner.query('CREATE INDEX approvals_page ON agents.approvals (tenant_id, livemode, status, id DESC)');
    await runner.query(`CREATE INDEX approvals_expiring ON agents.approvals (expires_at) WHERE status = 'pending'`);

    await runner.query(`
      CREATE TABLE agents.activities (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        agent_id uuid NOT NULL,
        action text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('done', 'refused', 'pending')),
        amount_minor bigint,
        currency text,
        counterparty text,
        reasoning text CHECK (length(reasoning) <= 2000),
        explanation text NOT NULL,
        limit_minor bigint,
        used_minor bigint,
        remaining_minor bigint,
        transfer_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX activities_by_agent ON agents.activities (tenant_id, livemode, agent_id, id DESC)');

    for (const table of ['tenant_policies', 'account_tier_limits', 'usage_counters', 'usage_reservations', 'approvals', 'activities']) {
      for (const statement of tenantRlsStatements(`agents.${table}`)) await runner.query(statement);
    }
    // Settings and decisions are audited; counters and the activity log are their own record.
    for (const table of ['tenant_policies', 'account_tier_limits', 'approvals']) {
      for (const statement of auditTriggerStatements(`agents.${table}`, [])) await runner.query(statement);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['activities', 'approvals', 'usage_reservations', 'usage_counters', 'account_tier_limits', 'tenant_policies']) {
      await runner.query(`DROP TABLE agents.${table}`);
    }
  }
}
