import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTriggerStatements, tenantRlsStatements } from '@orquesta/db';

// Rows a tenant sees whatever its mode (team membership is not test or live).
const TENANT_ONLY = "tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid";

function tenantOnlyRls(table: string): string[] {
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY tenant_isolation ON ${table} USING (${TENANT_ONLY}) WITH CHECK (${TENANT_ONLY})`,
  ];
}

/**
 * Users, team membership, sessions with rotating refresh tokens, invites, agent tokens, and
 * the two append-only records: the audit log (every state change, written by a trigger) and
 * security events.
 */
export class CreateIdentity1732300000200 implements MigrationInterface {
  name = 'CreateIdentity1732300000200';

  async up(runner: QueryRunner): Promise<void> {
    // A person who can sign in. Users are global (one email, one password); membership ties
    // them to tenants. Read and written only through the system role, before a tenant is known.
    await runner.query(`
      CREATE TABLE accounts.users (
        id uuid PRIMARY KEY,
        email text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await runner.query(`
      CREATE TABLE accounts.memberships (
        tenant_id uuid NOT NULL REFERENCES accounts.tenants (id),
        user_id uuid NOT NULL REFERENCES accounts.users (id),
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, user_id)
      )`);
    await runner.query('CREATE INDEX memberships_user ON accounts.memberships (user_id)');
    for (const statement of tenantOnlyRls('accounts.memberships')) await runner.query(statement);
    // Requests see the users of their own team only (names and emails for the members list).
    await runner.query('ALTER TABLE accounts.users ENABLE ROW LEVEL SECURITY');
    await runner.query('ALTER TABLE accounts.users FORCE ROW LEVEL SECURITY');
    await runner.query(`
      CREATE POLICY team_members ON accounts.users USING (EXISTS (
        SELECT 1 FROM accounts.memberships m WHERE m.user_id = users.id AND m.${TENANT_ONLY}))`);

    // A signed-in device. The access token names the session; revoking it ends the token too.
    await runner.query(`
      CREATE TABLE accounts.sessions (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES accounts.tenants (id),
        user_id uuid NOT NULL REFERENCES accounts.users (id),
        ip text,
        user_agent text CHECK (length(user_agent) <= 512),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text
      )`);
    await runner.query('CREATE INDEX sessions_user ON accounts.sessions (user_id, created_at DESC)');
    for (const statement of tenantOnlyRls('accounts.sessions')) await runner.query(statement);

    // One row per refresh token ever issued: a spent token presented again is theft.
    await runner.query(`
      CREATE TABLE accounts.refresh_tokens (
        token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
        session_id uuid NOT NULL REFERENCES accounts.sessions (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        spent_at timestamptz
      )`);
    await runner.query('CREATE INDEX refresh_tokens_session ON accounts.refresh_tokens (session_id)');
    // No policy: only the system role (login, refresh) reads or writes them.
    await runner.query('ALTER TABLE accounts.refresh_tokens ENABLE ROW LEVEL SECURITY');
    await runner.query('ALTER TABLE accounts.refresh_tokens FORCE ROW LEVEL SECURITY');

    await runner.query(`
      CREATE TABLE accounts.invites (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES accounts.tenants (id),
        email text NOT NULL CHECK (email = lower(email)),
        role text NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
        token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        invited_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        revoked_at timestamptz
      )`);
    await runner.query('CREATE INDEX invites_tenant ON accounts.invites (tenant_id, created_at DESC)');
    for (const statement of tenantOnlyRls('accounts.invites')) await runner.query(statement);

    // Keys learn who made them, where they were last used, and their rotation grace.
    await runner.query(`
      ALTER TABLE accounts.api_keys
        ADD COLUMN created_by_type text,
        ADD COLUMN created_by_id text,
        ADD COLUMN last_used_at timestamptz,
        ADD COLUMN last_used_ip text,
        ADD COLUMN rotated_to uuid`);

    await runner.query(`
      CREATE TABLE accounts.agent_tokens (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES accounts.tenants (id),
        livemode boolean NOT NULL,
        agent_id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        prefix text NOT NULL,
        token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
    await runner.query('CREATE INDEX agent_tokens_agent ON accounts.agent_tokens (tenant_id, livemode, agent_id)');
    for (const statement of tenantRlsStatements('accounts.agent_tokens')) await runner.query(statement);

    // Append-only. livemode is null for changes that belong to no mode (team, sessions).
    await runner.query(`
      CREATE TABLE accounts.audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean,
        actor_type text NOT NULL,
        actor_id text NOT NULL,
        actor_name text,
        action text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        request_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX audit_log_tenant ON accounts.audit_log (tenant_id, id DESC)');
    await runner.query(`
      CREATE TABLE accounts.security_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id uuid,
        livemode boolean,
        type text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        user_id uuid,
        api_key_id uuid,
        ip text,
        user_agent text,
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX security_events_tenant ON accounts.security_events (tenant_id, id DESC)');
    await runner.query(`
      CREATE FUNCTION accounts.refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['accounts.audit_log', 'accounts.security_events']) {
      await runner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await runner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await runner.query(`CREATE POLICY tenant_isolation ON ${table} USING (${TENANT_ONLY}) WITH CHECK (${TENANT_ONLY})`);
      await runner.query(`
        CREATE TRIGGER ${table.split('.')[1]}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION accounts.refuse_rewrite()`);
    }

    // The audit trigger: the acting principal comes from the transaction's scope settings
    // (set by withTenant / readForTenant), the rows from OLD and NEW minus hidden columns.
    await runner.query(`
      CREATE FUNCTION accounts.record_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_row jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) - COALESCE(TG_ARGV, '{}') END;
        new_row jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) - COALESCE(TG_ARGV, '{}') END;
        row_data jsonb := COALESCE(new_row, old_row);
      BEGIN
        IF TG_OP = 'UPDATE' AND old_row = new_row THEN
          RETURN NULL;
        END IF;
        INSERT INTO accounts.audit_log
          (tenant_id, livemode, actor_type, actor_id, actor_name, action, entity_type, entity_id, before, after, request_id)
        VALUES (
          (row_data ->> 'tenant_id')::uuid,
          (row_data ->> 'livemode')::boolean,
          COALESCE(NULLIF(current_setting('app.actor_type', true), ''), 'system'),
          COALESCE(NULLIF(current_setting('app.actor_id', true), ''), current_user),
          NULLIF(current_setting('app.actor_name', true), ''),
          lower(TG_OP),
          TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
          COALESCE(row_data ->> 'id', row_data ->> 'transfer_id', row_data ->> 'user_id', ''),
          old_row,
          new_row,
          NULLIF(current_setting('app.request_id', true), '')
        );
        RETURN NULL;
      END $$`);
    const audited: Array<[string, string[]]> = [
      ['accounts.accounts', []],
      ['accounts.api_keys', ['key_hash', 'last_used_at', 'last_used_ip']],
      ['accounts.memberships', []],
      ['accounts.invites', ['token_hash']],
      ['accounts.agent_tokens', ['token_hash', 'last_used_at']],
      ['accounts.webhook_endpoints', ['secret_sealed', 'previous_secret_sealed']],
    ];
    for (const [table, hidden] of audited) {
      for (const statement of auditTriggerStatements(table, hidden)) await runner.query(statement);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['accounts', 'api_keys', 'memberships', 'invites', 'agent_tokens', 'webhook_endpoints']) {
      await runner.query(`DROP TRIGGER IF EXISTS audit_accounts_${table} ON accounts.${table}`);
    }
    await runner.query('DROP FUNCTION accounts.record_audit()');
    await runner.query('DROP TABLE accounts.security_events, accounts.audit_log');
    await runner.query('DROP FUNCTION accounts.refuse_rewrite()');
    for (const table of ['agent_tokens', 'invites', 'refresh_tokens', 'sessions', 'memberships', 'users']) {
      await runner.query(`DROP TABLE accounts.${table}`);
    }
    await runner.query(
      'ALTER TABLE accounts.api_keys DROP COLUMN created_by_type, DROP COLUMN created_by_id, DROP COLUMN last_used_at, DROP COLUMN last_used_ip, DROP COLUMN rotated_to',
    );
  }
}
