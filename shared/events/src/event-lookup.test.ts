import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createSubgraphDataSource, databaseUrls } from '@orquesta/db';
import { closeTestPools, createTestScope, testDatabaseUrl, testSystemPool, type TestScope } from '@orquesta/testing';
import { expandEventTypes, eventTypeMatches, EVENT_CATALOGUE } from './event-catalogue';
import { deleteExpiredEvents, readEventsById } from './event-lookup';
import { readEvents } from './event-reader';

let system: DataSource;
let tenant: TestScope;

before(async () => {
  system = createSubgraphDataSource({ schema: 'events', url: databaseUrls(testDatabaseUrl()).system, entities: [], migrations: [], poolSize: 2 });
  await system.initialize();
  tenant = createTestScope();
});

after(async () => {
  await system.destroy();
  await closeTestPools();
});

async function insertEvent(type: string, ageDays: number): Promise<string> {
  const { rows } = await testSystemPool().query(
    `INSERT INTO events.events (tenant_id, livemode, type, entity_type, entity_id, entity_version, payload, created_at)
     VALUES ($1, false, $2, 'Account', $3, 1, '{}', now() - make_interval(days => $4)) RETURNING 'evt_' || txid::text || '_' || id::text AS id`,
    [tenant.tenantId, type, randomUUID(), ageDays],
  );
  return rows[0].id;
}

describe('the event catalogue', () => {
  test('expands wildcards to catalogue names and refuses what names nothing', () => {
    assert.deepEqual(expandEventTypes(['transfer.*']), { ok: true, types: ['transfer.created', 'transfer.completed', 'transfer.processing', 'transfer.failed', 'transfer.cancelled', 'transfer.requires_manual_intervention', 'transfer.pending_approval'] });
    assert.deepEqual(expandEventTypes(['*']), { ok: true, types: EVENT_CATALOGUE.map((d) => d.type) });
    assert.deepEqual(expandEventTypes(['account.created', 'account.*']), { ok: true, types: ['account.created', 'account.updated'] });
    assert.equal(expandEventTypes(['transfer.exploded']).ok, false);
    assert.equal(expandEventTypes(['payout.*']).ok, false);
    assert.equal(expandEventTypes(['transfer.%']).ok, false);
    assert.equal(eventTypeMatches('balance.*', 'balance.changed'), true);
    assert.equal(eventTypeMatches('balance.*', 'balances.changed'), false);
  });
});

describe('retention', () => {
  test('the Events API reads only the last 30 days, and the cleanup deletes what is older', async () => {
    const old = await insertEvent('account.updated', 31);
    const recent = await insertEvent('account.created', 1);
    const scope = { tenantId: tenant.tenantId, livemode: false };
    const page = await readEvents(system, scope, { limit: 10 });
    assert.deepEqual(page.map((event) => event.id), [recent]);
    assert.deepEqual((await readEventsById(system, scope, [old, recent])).map((event) => event.id), [recent]);
    assert.ok((await deleteExpiredEvents(system)) >= 1);
    const left = await testSystemPool().query("SELECT 'evt_' || txid::text || '_' || id::text AS id FROM events.events WHERE tenant_id = $1 ORDER BY id", [tenant.tenantId]);
    assert.deepEqual(left.rows.map((row) => row.id), [recent]);
  });
});
