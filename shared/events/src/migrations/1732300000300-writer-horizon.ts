import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay and every reader wait only for transactions that can still write events of this
 * database, not for the oldest transaction of the whole server (another database's long job held
 * the relay back for seconds).
 *
 * A transaction that may write events registers before it has a transaction id: it takes a shared
 * transaction-level advisory lock (class 7305) and marks itself (`events.writer`). A statement
 * trigger registers a writer whose first write is the event itself and refuses any other insert
 * from an unregistered transaction, so no writer can go unseen.
 *
 * `events.horizon()` is the first transaction id the statement calling it must not read yet: the
 * smallest id running at the statement's snapshot that pg_locks does not show as owned by an
 * unregistered transaction, or the snapshot's xmax. It runs on the caller's snapshot (STABLE),
 * and pg_locks is read after that snapshot was taken, so a registered writer running at the
 * snapshot is either still holding its registration lock there, or finished (and is then counted
 * anyway, as nothing proves it unregistered). Events with `txid < horizon` are settled: every one
 * that will ever commit is already visible to the caller's snapshot.
 */
export class WriterHorizon1732300000300 implements MigrationInterface {
  name = 'WriterHorizon1732300000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE FUNCTION events.register_writer() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('events.writer', true) = 'on' THEN
          RETURN;
        END IF;
        IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
          RAISE EXCEPTION 'a transaction that writes events registers before its first write (events.register_writer())'
            USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        -- Spread over 16 keys so that writers do not all queue on one lock-table partition.
        PERFORM pg_advisory_xact_lock_shared(7305, pg_backend_pid() % 16);
        PERFORM set_config('events.writer', 'on', true);
      END $$`);
    await runner.query(`
      CREATE FUNCTION events.require_registered_writer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM events.register_writer();
        RETURN NULL;
      END $$`);
    await runner.query(
      'CREATE TRIGGER events_registered_writer BEFORE INSERT ON events.events FOR EACH STATEMENT EXECUTE FUNCTION events.require_registered_writer()',
    );
    await runner.query(`
      CREATE FUNCTION events.horizon() RETURNS xid8 LANGUAGE sql STABLE AS $$
        SELECT least(pg_snapshot_xmax(s), (
          WITH locks AS MATERIALIZED (
            SELECT locktype, database, classid, objsubid, transactionid, virtualtransaction, mode
              FROM pg_locks WHERE granted AND locktype IN ('transactionid', 'advisory')),
          registered AS (
            SELECT virtualtransaction FROM locks
             WHERE locktype = 'advisory' AND classid = 7305 AND objsubid = 2
               AND database = (SELECT oid FROM pg_database WHERE datname = current_database())),
          unregistered AS (
            SELECT transactionid FROM locks t
             WHERE locktype = 'transactionid' AND mode = 'ExclusiveLock'
               AND NOT EXISTS (SELECT 1 FROM registered r WHERE r.virtualtransaction = t.virtualtransaction))
          SELECT min(x) FROM pg_snapshot_xip(s) AS x
           WHERE NOT EXISTS (SELECT 1 FROM unregistered u WHERE u.transactionid = x::xid)))
        FROM pg_current_snapshot() AS s
      $$`);

    // The settled events after a position, for consumers that keep their own position in their
    // own schema and advance it in the transaction that acts on the events (webhook fan-out).
    await runner.query(`
      CREATE FUNCTION events.settled_after(after_txid xid8, after_id bigint, rows_max integer) RETURNS SETOF events.events
      LANGUAGE sql STABLE AS $$
        SELECT * FROM events.events
         WHERE (txid, id) > (after_txid, after_id) AND txid < (SELECT events.horizon())
         ORDER BY txid, id LIMIT rows_max
      $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP FUNCTION events.settled_after(xid8, bigint, integer)');
    await runner.query('DROP FUNCTION events.horizon()');
    await runner.query('DROP TRIGGER events_registered_writer ON events.events');
    await runner.query('DROP FUNCTION events.require_registered_writer()');
    await runner.query('DROP FUNCTION events.register_writer()');
  }
}
