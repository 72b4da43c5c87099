import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { closeTestPools, createAccountVia, depositVia, postGraphQL, queryOk } from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';

// The statement PDF through the gateway: its text (pdfkit writes uncompressed streams here) is
// read back and its figures compared with accountStatement's for the same month.

const PDF = `query($accountId: ID!, $month: String!, $currency: String!) { statementPdf(accountId: $accountId, month: $month, currency: $currency) { fileName contentType byteSize base64 } }`;

let platform: Platform;
let tenant: TestTenant;
let account: string;
const now = new Date();
const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;

before(async () => {
  platform = await startTestPlatform();
  tenant = await createTestTenant();
  account = await createAccountVia(platform.url, tenant.apiKey, 'Statement Holder');
  const other = await createAccountVia(platform.url, tenant.apiKey, 'Supplier');
  await depositVia(platform.url, tenant.apiKey, account, '100.00', 'USD');
  for (const amount of ['30.00', '12.34']) {
    await queryOk(platform.url, tenant.apiKey, `mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id } } }`, {
      input: { fromAccountId: account, toAccountId: other, amount: { amount, currency: 'USD' }, idempotencyKey: randomUUID() },
    });
  }
});

after(async () => {
  await platform.stop();
  await closeTestPools();
});

/** The text of every TJ operator (pdfkit writes text as hex strings in TJ arrays), one string each. */
function pdfText(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  return [...source.matchAll(/\[([^\]]*)\]\s*TJ/g)].map((match) => [...match[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((hex) => Buffer.from(hex[1], 'hex').toString('latin1')).join(''));
}

describe('statementPdf', () => {
  test("a proper PDF whose balances and totals are accountStatement's", async () => {
    const { statementPdf } = await queryOk(platform.url, tenant.apiKey, PDF, { accountId: account, month, currency: 'USD' });
    const pdf = Buffer.from(statementPdf.base64, 'base64');
    assert.equal(statementPdf.contentType, 'application/pdf');
    assert.equal(pdf.length, statementPdf.byteSize);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.match(pdf.subarray(-6).toString(), /%%EOF/);

    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
    const { accountStatement } = await queryOk(
      platform.url,
      tenant.apiKey,
      `query($accountId: ID!, $from: DateTimeISO!, $to: DateTimeISO!) { accountStatement(accountId: $accountId, currency: "USD", from: $from, to: $to) {
         openingBalance closingBalance totalCredits totalDebits entryCount } }`,
      { accountId: account, from, to },
    );
    const text = pdfText(pdf);
    assert.ok(text.includes('Account statement'));
    assert.ok(text.some((line) => line.includes('Statement Holder')));
    assert.ok(text.includes(`Opening balance: ${accountStatement.openingBalance} USD`), text.join(' | '));
    assert.ok(text.includes(`Closing balance: ${accountStatement.closingBalance} USD`));
    assert.ok(text.includes(`Total credits: ${accountStatement.totalCredits} USD`));
    assert.ok(text.includes(`Total debits: ${accountStatement.totalDebits} USD`));
    assert.ok(text.includes(`Entries: ${accountStatement.entryCount}`));
    assert.deepEqual([accountStatement.closingBalance, accountStatement.totalDebits], ['57.66', '42.34']);
    // Every entry is a line: the deposit, then both transfers, with the balance after each.
    for (const amount of ['100.00', '30.00', '12.34', '70.00', '57.66']) assert.ok(text.includes(amount), `${amount} is printed`);
  });

  test("another tenant's account is not found; a malformed month is refused", async () => {
    const other = await createTestTenant();
    const theirs = await postGraphQL(platform.url, other.apiKey, PDF, { accountId: account, month, currency: 'USD' });
    assert.equal(theirs.errors?.[0].extensions?.code, 'NOT_FOUND');
    const malformed = await postGraphQL(platform.url, tenant.apiKey, PDF, { accountId: account, month: '2025-13', currency: 'USD' });
    assert.equal(malformed.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
  });
});
