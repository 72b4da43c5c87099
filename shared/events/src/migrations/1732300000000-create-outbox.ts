import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantRlsStatements } from '@orquesta/db';

export class CreateOutbox1732300000000 implements MigrationInterface {
  name = 'CreateOutbox1732300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE events.events (
        id bigserial PRIMARY KEY,
        txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        tenant_id uuid NOT NULL,
        livemode boolean NOT NULL,
        type text NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        entity_version integer NOT NULL,
        payload jsonb NOT NULL,
        actor jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX events_position ON events.events (txid, id)');
    await runner.query('CREATE INDEX events_tenant_position ON events.events (tenant_id, livemode, txid, id)');
    await runner.query('CREATE INDEX events_entity_position ON events.events (entity_id, txid, id)');
    for (const statement of tenantRlsStatements('events.events')) await runner.query(statement);

    await runner.query(`
      CREATE TABLE events.relay_state (
        name text PRIMARY KEY,
        txid xid8 NOT NULL,
        event_id bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // One notification per inserting statement, delivered at commit: the relay wakes at once.
    await runner.query(`
      CREATE FUNCTION events.notify_relay() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('orquesta_events', '');
        RETURN NULL;
      END $$`);
    await runner.query(
      'CREATE TRIGGER events_notify AFTER INSERT ON events.events FOR EACH STATEMENT EXECUTE FUNCTION events.notify_relay()',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE events.relay_state');
    await runner.query('DROP TABLE events.events');
    await runner.query('DROP FUNCTION events.notify_relay()');
  }
}
