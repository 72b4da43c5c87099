import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { closeTestPools, createAccountVia, depositVia, postGraphQL, queryOk } from '@orquesta/testing';
import { exportUrlOptions, signExportUrl } from '@orquesta/payments';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';

// Exports through the running platform: createExport over HTTP, the relay starting the
// export-build worker, the file in PostgreSQL large objects, the signed download route.

const EXPORT_FIELDS = 'id status format progress recordCount byteSize checksum downloadUrl expiresAt failureReason';
const CREATE = `mutation($input: CreateExportInput!) { createExport(input: $input) { export { ${EXPORT_FIELDS} } } }`;

let platform: Platform;
let tenant: TestTenant;
let other: TestTenant;
let base: string;
let payer: string;
let payee: string;
let transferId: string;
const period = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() };

before(async () => {
  platform = await startTestPlatform({ ORQUESTA_EXPORT_TTL_MS: '600000' });
  base = `http://127.0.0.1:${platform.port}`;
  [tenant, other] = await Promise.all([createTestTenant(), createTestTenant()]);
  payer = await createAccountVia(platform.url, tenant.apiKey, '=HYPERLINK("http://evil")');
  payee = await createAccountVia(platform.url, tenant.apiKey, 'Maria Garcia');
  await depositVia(platform.url, tenant.apiKey, payer, '500.00', 'USD');
  await depositVia(platform.url, tenant.apiKey, payer, '90.00', 'MXN');
  const moved = await queryOk(
    platform.url,
    tenant.apiKey,
    `mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id } } }`,
    { input: { fromAccountId: payer, toAccountId: payee, amount: { amount: '120.50', currency: 'USD' }, idempotencyKey: randomUUID(), description: 'Invoice 7' } },
  );
  transferId = moved.createInternalTransfer.transfer.id;
});

after(async () => {
  await platform.stop();
  await closeTestPools();
});

async function createExport(input: Record<string, unknown>, who: TestTenant = tenant) {
  const data = await queryOk(platform.url, who.apiKey, CREATE, { input: { ...period, ...input } });
  return data.createExport.export as { id: string; status: string };
}

async function ready(id: string, who: TestTenant = tenant) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { export: found } = await queryOk(platform.url, who.apiKey, `query($id: ID!) { export(id: $id) { ${EXPORT_FIELDS} } }`, { id });
    if (found.status !== 'PROCESSING') return found;
    if (Date.now() > deadline) assert.fail(`export ${id} still processing at ${found.progress}%`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

async function download(url: string) {
  const response = await fetch(url.startsWith('http') ? url : `${base}${url}`);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('createExport', () => {
  test('builds a full CSV in the background; the signed URL downloads it without a session', async () => {
    const created = await createExport({ format: 'FULL_CSV', dateFormat: 'ISO' });
    assert.equal(created.status, 'PROCESSING');
    const done = await ready(created.id);
    assert.equal(done.status, 'READY', done.failureReason);
    assert.equal(done.progress, 100);
    assert.equal(done.recordCount, 1, 'the internal transfer (deposits are not transfers yet)');
    const file = await download(done.downloadUrl);
    assert.equal(file.status, 200);
    const lines = file.body.trimEnd().split('\n');
    assert.equal(lines[0].split(',')[0], 'date');
    assert.match(lines[1], new RegExp(`^\\d{4}-\\d{2}-\\d{2},\\d{2}:\\d{2}:\\d{2},"${transferId}","internal","completed"`));
    assert.ok(lines[1].includes(`"'=HYPERLINK(""http://evil"")"`), 'the formula-like account name is escaped');
    assert.ok(lines[1].includes(',120.50,"USD",120.50,'));
    assert.equal(createHash('sha256').update(file.body).digest('hex'), done.checksum);
    assert.equal(Number(file.headers.get('content-length')), done.byteSize);
  });

  // The cell starts with "Transfer from", so the name inside it is harmless text.
  test('QuickBooks with UK dates and account and currency filters; export.ready is an event', async () => {
    const done = await ready((await createExport({ format: 'QUICKBOOKS', dateFormat: 'UK', accountId: payee, currency: 'USD' })).id);
    const file = await download(done.downloadUrl);
    const today = new Date();
    const uk = `${String(today.getUTCDate()).padStart(2, '0')}/${String(today.getUTCMonth() + 1).padStart(2, '0')}/${today.getUTCFullYear()}`;
    assert.deepEqual(file.body.trimEnd().split('\n'), ['Date,Description,Amount', `${uk},"Transfer from =HYPERLINK(""http://evil"") (TXN-${transferId})",120.50`]);
    const none = await ready((await createExport({ format: 'XERO', currency: 'MXN' })).id);
    assert.equal(none.recordCount, 0);
    assert.equal((await download(none.downloadUrl)).body, '*Date,*Amount,Payee,Description,Reference\n');
    const events = await queryOk(platform.url, tenant.apiKey, `query($id: ID!) { events(types: ["export.*"], entityId: $id) { nodes { type payload } } }`, { id: done.id });
    assert.deepEqual(events.events.nodes.map((event: { type: string }) => event.type), ['export.created', 'export.ready']);
    assert.equal(events.events.nodes[1].payload.checksum, done.checksum);
  });

  test('refuses a period that ends before it starts, and viewers', async () => {
    const backwards = await postGraphQL(platform.url, tenant.apiKey, CREATE, { input: { format: 'XERO', from: period.to, to: period.from } });
    assert.equal(backwards.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    const viewer = await createTestTenant({ role: 'viewer' });
    const refused = await postGraphQL(platform.url, viewer.apiKey, CREATE, { input: { format: 'XERO', ...period } });
    assert.equal(refused.errors?.[0].extensions?.code, 'FORBIDDEN');
  });
});

describe('export download', () => {
  test('a tampered signature, expiry or tenant is 403; an expired signature is 403', async () => {
    const done = await ready((await createExport({ format: 'NETSUITE' })).id);
    const url = new URL(done.downloadUrl, base);
    const tampered = new URL(url);
    tampered.searchParams.set('signature', `${url.searchParams.get('signature')!.slice(0, -2)}AA`);
    assert.equal((await download(tampered.toString())).status, 403);
    const extended = new URL(url);
    extended.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
    assert.equal((await download(extended.toString())).status, 403);
    const elsewhere = new URL(url);
    elsewhere.searchParams.set('tenant', other.tenantId);
    assert.equal((await download(elsewhere.toString())).status, 403);
    const unsigned = new URL(url);
    unsigned.search = '';
    assert.equal((await download(unsigned.toString())).status, 403);
    const secret = exportUrlOptions(process.env);
    const expired = signExportUrl(secret, done.id, { tenantId: tenant.tenantId, livemode: false }, new Date(Date.now() - 1000));
    assert.equal((await download(expired)).status, 403);
    assert.equal((await download(done.downloadUrl)).status, 200);
  });

  test("another tenant's export id is not found, by query and by a validly signed URL", async () => {
    const mine = await ready((await createExport({ format: 'JSON_LINES' })).id);
    const theirs = await postGraphQL(platform.url, other.apiKey, `query($id: ID!) { export(id: $id) { id } }`, { id: mine.id });
    assert.equal(theirs.errors?.[0].extensions?.code, 'NOT_FOUND');
    const listed = await queryOk(platform.url, other.apiKey, '{ exports(first: 100) { nodes { id } } }');
    assert.equal(listed.exports.nodes.length, 0);
    const crossTenant = signExportUrl(exportUrlOptions(process.env), mine.id, { tenantId: other.tenantId, livemode: false }, new Date(Date.now() + 60_000));
    assert.equal((await download(crossTenant)).status, 404);
  });
});
