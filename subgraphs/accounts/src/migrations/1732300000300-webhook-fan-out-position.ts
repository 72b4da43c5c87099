import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook fan-out keeps its own position in the outbox. It reads the settled events after it,
 * writes their deliveries and moves it in one transaction, so a Redis that loses the relay's
 * hand-over loses no delivery: PostgreSQL holds what is owed, Redis only the fast path.
 * It starts at the settled frontier of the moment it is created (every earlier event was fanned
 * out by the relay's jobs before it; starting at the origin would owe old events to endpoints
 * created after them).
 */
export class WebhookFanOutPosition1732300000300 implements MigrationInterface {
  name = 'WebhookFanOutPosition1732300000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE accounts.webhook_fan_out (
        name text PRIMARY KEY,
        txid xid8 NOT NULL,
        event_id bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      INSERT INTO accounts.webhook_fan_out (name, txid, event_id)
      VALUES ('default', (events.horizon()::text::numeric - 1)::text::xid8, 9223372036854775807)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE accounts.webhook_fan_out');
  }
}
