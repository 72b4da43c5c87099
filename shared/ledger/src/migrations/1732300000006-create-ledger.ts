import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantRlsStatements } from '@orquesta/db';

const MINOR = 'numeric(39, 0)';

export class CreateLedger1732300000006 implements MigrationInterface {
  name = 'CreateLedger1732300000006';

  async up(runner: QueryRunner): Promise<void> {
    // The four cumulative columns never go negative; a flag is a promise the database keeps
    // too, so no code path (or hand-written SQL) can leave a flagged balance below zero.
    await runner.query(`
      CREATE TABLE ledger.accounts (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        owner_id uuid NOT NULL,
        code text NOT NULL CHECK (code IN ('customer_balance', 'rail_settlement', 'fees_revenue', 'fx', 'clearing', 'stream_escrow')),
        qualifier text NOT NULL DEFAULT '' CHECK (length(qualifier) <= 40),
        currency text NOT NULL CHECK (currency ~ '^[A-Z0-9]{3,8}$'),
        debits_must_not_exceed_credits boolean NOT NULL,
        credits_must_not_exceed_debits boolean NOT NULL,
        debits_pending ${MINOR} NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
        debits_posted ${MINOR} NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
        credits_pending ${MINOR} NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
        credits_posted ${MINOR} NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
        version bigint NOT NULL DEFAULT 0,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, livemode, owner_id, code, qualifier, currency),
        CHECK (NOT (debits_must_not_exceed_credits AND credits_must_not_exceed_debits)),
        CONSTRAINT debits_within_credits CHECK (NOT debits_must_not_exceed_credits OR debits_pending + debits_posted <= credits_posted),
        CONSTRAINT credits_within_debits CHECK (NOT credits_must_not_exceed_debits OR credits_pending + credits_posted <= debits_posted)
      )`);

    // Immutable journal. Only a pending transfer's resolution (state, resolved_at) is ever
    // written after insert, once, by the transfer that posts, voids or expires it.
    await runner.query(`
      CREATE TABLE ledger.transfers (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        debit_account_id uuid NOT NULL,
        credit_account_id uuid NOT NULL,
        amount_minor ${MINOR} NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('immediate', 'pending', 'post_pending', 'void_pending', 'expire_pending')),
        pending_id uuid,
        state text CHECK (state IN ('pending', 'posted', 'voided', 'expired')),
        expires_at timestamptz,
        resolved_at timestamptz,
        code text NOT NULL CHECK (length(code) BETWEEN 1 AND 60),
        reference text CHECK (length(reference) <= 200),
        linked_group uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK (debit_account_id <> credit_account_id),
        CHECK ((kind = 'pending') = (state IS NOT NULL)),
        CHECK ((kind IN ('post_pending', 'void_pending', 'expire_pending')) = (pending_id IS NOT NULL))
      )`);
    await runner.query("CREATE INDEX ledger_transfers_due ON ledger.transfers (expires_at) WHERE state = 'pending'");
    await runner.query('CREATE INDEX ledger_transfers_reference ON ledger.transfers (tenant_id, livemode, reference)');

    await runner.query(`
      CREATE TABLE ledger.entries (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        account_id uuid NOT NULL,
        transfer_id uuid NOT NULL,
        direction text NOT NULL CHECK (direction IN ('debit', 'credit')),
        phase text NOT NULL CHECK (phase IN ('pending', 'posted', 'released')),
        amount_minor ${MINOR} NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        balance_after_minor ${MINOR} NOT NULL,
        account_version bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (account_id, account_version)
      )`);
    await runner.query('CREATE INDEX ledger_entries_account ON ledger.entries (account_id, id DESC)');
    await runner.query('CREATE INDEX ledger_entries_account_time ON ledger.entries (account_id, created_at, account_version)');

    await runner.query(`
      CREATE TABLE ledger.idempotency_keys (
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        operation text NOT NULL,
        fingerprint text NOT NULL,
        resource_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, livemode, key)
      )`);
    await runner.query('CREATE INDEX ledger_idempotency_age ON ledger.idempotency_keys (created_at)');

    for (const table of ['ledger.accounts', 'ledger.transfers', 'ledger.entries', 'ledger.idempotency_keys']) {
      for (const statement of tenantRlsStatements(table)) await runner.query(statement);
    }

    // Guards for what the grants allow but the ledger forbids: deleting accounts or history,
    // rewriting entries, or touching a transfer beyond resolving a hold once.
    await runner.query(`
      CREATE FUNCTION ledger.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger: % on % is not allowed (history is immutable)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await runner.query('CREATE TRIGGER accounts_never_deleted BEFORE DELETE ON ledger.accounts FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change()');
    await runner.query('CREATE TRIGGER entries_immutable BEFORE UPDATE OR DELETE ON ledger.entries FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change()');
    await runner.query('CREATE TRIGGER transfers_never_deleted BEFORE DELETE ON ledger.transfers FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change()');
    await runner.query(`
      CREATE FUNCTION ledger.resolve_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.state IS DISTINCT FROM 'pending' OR NEW.state NOT IN ('posted', 'voided', 'expired')
           OR (NEW.id, NEW.tenant_id, NEW.livemode, NEW.debit_account_id, NEW.credit_account_id, NEW.amount_minor, NEW.currency,
               NEW.kind, NEW.pending_id, NEW.expires_at, NEW.code, NEW.reference, NEW.linked_group, NEW.created_at)
              IS DISTINCT FROM
              (OLD.id, OLD.tenant_id, OLD.livemode, OLD.debit_account_id, OLD.credit_account_id, OLD.amount_minor, OLD.currency,
               OLD.kind, OLD.pending_id, OLD.expires_at, OLD.code, OLD.reference, OLD.linked_group, OLD.created_at) THEN
          RAISE EXCEPTION 'ledger: only a pending transfer''s resolution may change' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await runner.query('CREATE TRIGGER transfers_resolve_once BEFORE UPDATE ON ledger.transfers FOR EACH ROW EXECUTE FUNCTION ledger.resolve_once()');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE ledger.idempotency_keys, ledger.entries, ledger.transfers, ledger.accounts');
    await runner.query('DROP FUNCTION ledger.refuse_change(), ledger.resolve_once()');
  }
}
