import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox's published SQL interface for modules that join events into their own
 * statements (webhook fan-out and leasing): events by public id (`evt_<txid>_<id>`). Other
 * modules call this function, never the table; a plain SQL function, inlined by the planner,
 * run with the caller's rights (row-level security applies as usual).
 */
export class EventsByPublicId1732300000500 implements MigrationInterface {
  name = 'EventsByPublicId1732300000500';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE FUNCTION events.by_public_id(ids text[])
      RETURNS TABLE (event_id text, tenant_id uuid, livemode boolean, type text, entity_id uuid, payload jsonb, created_at timestamptz)
      LANGUAGE sql STABLE AS $$
        SELECT x.event_id, e.tenant_id, e.livemode, e.type, e.entity_id, e.payload, e.created_at
          FROM unnest(ids) AS x (event_id)
          JOIN events.events e ON e.id = split_part(x.event_id, '_', 3)::bigint AND e.txid = split_part(x.event_id, '_', 2)::xid8
      $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP FUNCTION events.by_public_id(text[])');
  }
}
