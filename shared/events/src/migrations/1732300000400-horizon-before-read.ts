import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The horizon is computed in a statement of its own, before the statement that reads (its
 * snapshot is then newer), instead of on the reading statement's own snapshot. On one snapshot,
 * a transaction ending between the snapshot and the pg_locks read counts as unknown, so the
 * horizon stepped back now and then (a live event was briefly NOT_FOUND); and a writer that has
 * its id but not yet its lock needs its status asked after pg_locks was read.
 *
 * `events.horizon()` is the first transaction id that reads must not pass yet: the smallest id
 * running at its snapshot that pg_locks, read after that snapshot, shows as owned by a registered
 * transaction, or that pg_locks does not show at all and is still in progress when asked after
 * pg_locks was read (it just took its id); or the snapshot's xmax. Events with `txid <` that
 * horizon are settled for every statement whose snapshot is taken after it was computed (the next
 * statement, in READ COMMITTED): a registered writer below it had finished before its status was
 * asked (or before pg_locks was read), so its commit is visible. Never in the reading statement
 * itself: a writer finishing between that snapshot and pg_locks would be skipped.
 */
export class HorizonBeforeRead1732300000400 implements MigrationInterface {
  name = 'HorizonBeforeRead1732300000400';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE OR REPLACE FUNCTION events.horizon() RETURNS xid8 LANGUAGE sql VOLATILE AS $$
        WITH s AS MATERIALIZED (SELECT pg_current_snapshot() AS snap),
        locks AS MATERIALIZED (
          SELECT locktype, database, classid, objsubid, transactionid, virtualtransaction
            FROM pg_locks WHERE granted AND (locktype = 'advisory' OR (locktype = 'transactionid' AND mode = 'ExclusiveLock'))),
        registered AS (
          SELECT virtualtransaction FROM locks
           WHERE locktype = 'advisory' AND classid = 7305 AND objsubid = 2
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())),
        owners AS MATERIALIZED (
          SELECT t.transactionid AS xid, EXISTS (SELECT 1 FROM registered r WHERE r.virtualtransaction = t.virtualtransaction) AS registered
            FROM locks t WHERE t.locktype = 'transactionid')
        SELECT least(pg_snapshot_xmax(snap), (
          SELECT min(x) FROM pg_snapshot_xip(snap) AS x
           -- In this order: pg_locks is read before any transaction's status is asked.
           WHERE CASE WHEN EXISTS (SELECT 1 FROM owners o WHERE o.xid = x::xid AND o.registered) THEN true
                      WHEN EXISTS (SELECT 1 FROM owners o WHERE o.xid = x::xid) THEN false
                      ELSE pg_xact_status(x) = 'in progress' END))
          FROM s
      $$`);
    // The horizon for the rest of the transaction's statements (events.settled_after, readers).
    await runner.query(`
      CREATE OR REPLACE FUNCTION events.set_horizon() RETURNS xid8 LANGUAGE sql VOLATILE AS $$
        SELECT set_config('events.horizon', events.horizon()::text, true)::xid8
      $$`);
    // The settled events after a position, for consumers that keep their own position in their
    // own schema and advance it in the transaction that acts on the events (webhook fan-out).
    // The caller runs events.set_horizon() in an earlier statement of its transaction.
    await runner.query(`
      CREATE OR REPLACE FUNCTION events.settled_after(after_txid xid8, after_id bigint, rows_max integer) RETURNS SETOF events.events
      LANGUAGE sql STABLE AS $$
        SELECT * FROM events.events
         WHERE (txid, id) > (after_txid, after_id) AND txid < current_setting('events.horizon')::xid8
         ORDER BY txid, id LIMIT rows_max
      $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP FUNCTION events.set_horizon()');
  }
}
