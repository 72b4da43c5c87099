import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, HEADERS, LAYOUTS, textCell, type ExportRecord, type LayoutOptions } from './export.formats';

// Golden lines: the exact bytes an accounting package reads, for one transfer of each type.

const ACME = '0190a0b0-0000-7000-8000-00000000000a';
const MARIA = '0190a0b0-0000-7000-8000-00000000000b';
const AGENT = '0190a0b0-0000-7000-8000-0000000000ee';

const NUMBER: Record<string, number> = { internal: 1, cross_border: 2, payout: 3, deposit: 4, refund: 5 };

function record(type: string, overrides: Partial<ExportRecord> = {}): ExportRecord {
  return {
    id: `0190a0b0-0000-7000-8000-00000000010${NUMBER[type]}`,
    type,
    status: 'completed',
    createdAt: new Date('2025-01-05T14:03:09Z'),
    fromAccountId: ACME,
    fromAccountName: 'Acme Ltd',
    toAccountId: MARIA,
    toAccountName: 'Maria Garcia',
    amountMinor: 200000n,
    feeMinor: 0n,
    currency: 'USD',
    description: 'Monthly salary',
    initiatedBy: { type: 'agent', id: AGENT },
    corridor: null,
    payee: null,
    destinationAmountMinor: null,
    destinationCurrency: null,
    fxRate: null,
    usdEquivalentMinor: 200000n,
    ...overrides,
  };
}

const TRANSFERS: Record<string, ExportRecord> = {
  internal: record('internal'),
  cross_border: record('cross_border'),
  payout: record('payout', {
    toAccountId: null,
    toAccountName: null,
    payee: 'Maria Garcia',
    corridor: 'USD-MXN',
    feeMinor: 1000n,
    destinationAmountMinor: 3400000n,
    destinationCurrency: 'MXN',
    fxRate: '17.1',
  }),
  deposit: record('deposit', { fromAccountId: null, fromAccountName: null, toAccountId: ACME, toAccountName: 'Acme Ltd', description: null }),
  refund: record('refund', { amountMinor: 15000n, usdEquivalentMinor: 15000n, description: 'Duplicate charge' }),
};

const US: LayoutOptions = { dateFormat: 'us', accountId: null, includeFees: true };
const UK: LayoutOptions = { dateFormat: 'uk', accountId: null, includeFees: true };

function linesOf(format: keyof typeof LAYOUTS, options: LayoutOptions): string[] {
  return Object.values(TRANSFERS).flatMap((transfer) => LAYOUTS[format].lines(transfer, options));
}

describe('export headers', () => {
  test('are exactly the ones the seed and the accounting packages give', () => {
    assert.equal(LAYOUTS.quickbooks.header, 'Date,Description,Amount');
    assert.equal(LAYOUTS.quickbooks4.header, 'Date,Description,Credit,Debit');
    assert.equal(LAYOUTS.xero.header, '*Date,*Amount,Payee,Description,Reference');
    assert.equal(LAYOUTS.netsuite.header, 'Date,Payer/Payee Name,Transaction Number,Transaction Type,Amount,Currency,Memo');
    assert.equal(
      LAYOUTS.full_csv.header,
      'date,time_utc,transaction_id,type,status,from_account_id,from_account_name,to_account_id,to_account_name,amount,currency,usd_equivalent,' +
        'destination_amount,destination_currency,fx_rate,fee_amount,net_amount,corridor,description,initiated_by_type,initiated_by_id',
    );
    assert.equal(LAYOUTS.json_lines.header, null);
    assert.equal(HEADERS.quickbooks, LAYOUTS.quickbooks.header);
  });
});

describe('dates', () => {
  test('US is MM/DD/YYYY, UK DD/MM/YYYY, ISO YYYY-MM-DD, in UTC', () => {
    const late = new Date('2025-01-05T23:30:00-05:00'); // already 6 January in UTC
    assert.equal(formatDate(late, 'us'), '01/06/2025');
    assert.equal(formatDate(late, 'uk'), '06/01/2025');
    assert.equal(formatDate(late, 'iso'), '2025-01-06');
  });
});

describe('QuickBooks 3-column', () => {
  test('one line per transfer type, signed from the tenant side, fees as their own line (US dates)', () => {
    assert.deepEqual(linesOf('quickbooks', US), [
      '01/05/2025,"Transfer to Maria Garcia (TXN-0190a0b0-0000-7000-8000-000000000101)",-2000.00',
      '01/05/2025,"Cross-border transfer to Maria Garcia (TXN-0190a0b0-0000-7000-8000-000000000102)",-2000.00',
      '01/05/2025,"Payout to Maria Garcia (TXN-0190a0b0-0000-7000-8000-000000000103)",-2000.00',
      '01/05/2025,"Fee for TXN-0190a0b0-0000-7000-8000-000000000103",-10.00',
      '01/05/2025,"Deposit to Acme Ltd (TXN-0190a0b0-0000-7000-8000-000000000104)",2000.00',
      '01/05/2025,"Refund from Acme Ltd (REF-0190a0b0-0000-7000-8000-000000000105)",150.00',
    ]);
  });

  test('UK dates, and amounts signed from the filtered account', () => {
    assert.deepEqual(LAYOUTS.quickbooks.lines(TRANSFERS.internal, { ...UK, accountId: MARIA }), [
      '05/01/2025,"Transfer from Acme Ltd (TXN-0190a0b0-0000-7000-8000-000000000101)",2000.00',
    ]);
  });

  test('without fees, a payout is one line', () => {
    assert.equal(LAYOUTS.quickbooks.lines(TRANSFERS.payout, { ...US, includeFees: false }).length, 1);
  });
});

describe('QuickBooks 4-column', () => {
  test('credits and debits in their own columns', () => {
    assert.deepEqual(linesOf('quickbooks4', UK), [
      '05/01/2025,"Transfer to Maria Garcia (TXN-0190a0b0-0000-7000-8000-000000000101)",,2000.00',
      '05/01/2025,"Cross-border transfer to Maria Garcia (TXN-0190a0b0-0000-7000-8000-000000000102)",,2000.00',
      '05/01/2025,"Payout to Maria Garcia (TXN-0190a0b0-0000-7000-8000-000000000103)",,2000.00',
      '05/01/2025,"Fee for TXN-0190a0b0-0000-7000-8000-000000000103",,10.00',
      '05/01/2025,"Deposit to Acme Ltd (TXN-0190a0b0-0000-7000-8000-000000000104)",2000.00,',
      '05/01/2025,"Refund from Acme Ltd (REF-0190a0b0-0000-7000-8000-000000000105)",150.00,',
    ]);
  });
});

describe('Xero', () => {
  test('date, signed amount, payee, description, reference (UK dates, as the seed shows)', () => {
    assert.deepEqual(linesOf('xero', UK), [
      '05/01/2025,-2000.00,"Maria Garcia","Monthly salary","TXN-0190a0b0-0000-7000-8000-000000000101"',
      '05/01/2025,-2000.00,"Maria Garcia","Monthly salary","TXN-0190a0b0-0000-7000-8000-000000000102"',
      '05/01/2025,-2000.00,"Maria Garcia","Monthly salary","TXN-0190a0b0-0000-7000-8000-000000000103"',
      '05/01/2025,-10.00,"Orquesta","Fee for TXN-0190a0b0-0000-7000-8000-000000000103","TXN-0190a0b0-0000-7000-8000-000000000103-FEE"',
      '05/01/2025,2000.00,"Acme Ltd","Deposit to Acme Ltd","TXN-0190a0b0-0000-7000-8000-000000000104"',
      '05/01/2025,150.00,"Acme Ltd","Duplicate charge","REF-0190a0b0-0000-7000-8000-000000000105"',
    ]);
  });

  test('US dates', () => {
    assert.match(LAYOUTS.xero.lines(TRANSFERS.internal, US)[0], /^01\/05\/2025,-2000\.00,/);
  });
});

describe('NetSuite', () => {
  test('payee, number, type, signed amount, currency, memo', () => {
    assert.deepEqual(LAYOUTS.netsuite.lines(TRANSFERS.payout, US), [
      '01/05/2025,"Maria Garcia","TXN-0190a0b0-0000-7000-8000-000000000103","payout",-2000.00,USD,"Monthly salary"',
      '01/05/2025,"Orquesta","TXN-0190a0b0-0000-7000-8000-000000000103-FEE","fee",-10.00,USD,"Fee for TXN-0190a0b0-0000-7000-8000-000000000103"',
    ]);
    assert.deepEqual(LAYOUTS.netsuite.lines(TRANSFERS.deposit, UK), [
      '05/01/2025,"Acme Ltd","TXN-0190a0b0-0000-7000-8000-000000000104","deposit",2000.00,USD,"Deposit to Acme Ltd"',
    ]);
  });
});

describe('full CSV and JSON lines', () => {
  test('every column of a payout, amounts unsigned, net of the fee', () => {
    assert.deepEqual(LAYOUTS.full_csv.lines(TRANSFERS.payout, US), [
      `01/05/2025,14:03:09,"0190a0b0-0000-7000-8000-000000000103","payout","completed","${ACME}","Acme Ltd",,,2000.00,"USD",2000.00,` +
        `34000.00,"MXN",17.1,10.00,1990.00,"USD-MXN","Monthly salary","agent","${AGENT}"`,
    ]);
  });

  test('a deposit leaves the payer and the payout columns empty (UK dates)', () => {
    assert.deepEqual(LAYOUTS.full_csv.lines(TRANSFERS.deposit, UK), [
      `05/01/2025,14:03:09,"0190a0b0-0000-7000-8000-000000000104","deposit","completed",,,"${ACME}","Acme Ltd",2000.00,"USD",2000.00,,,,0.00,2000.00,,,"agent","${AGENT}"`,
    ]);
  });

  test('JSON lines carry the same columns, one object per line', () => {
    const [line] = LAYOUTS.json_lines.lines(TRANSFERS.refund, { ...US, dateFormat: 'iso' });
    const parsed = JSON.parse(line) as Record<string, string>;
    assert.deepEqual(Object.keys(parsed), LAYOUTS.full_csv.header!.split(','));
    assert.equal(parsed.date, '2025-01-05');
    assert.equal(parsed.type, 'refund');
    assert.equal(parsed.amount, '150.00');
  });
});

describe('formula injection', () => {
  test('a text cell starting with = + - @ (or tab, CR) becomes text; quotes are doubled', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) assert.equal(textCell(`${start}HYPERLINK("x")`), `"'${start}HYPERLINK(""x"")"`);
    assert.equal(textCell('Plain, text'), '"Plain, text"');
  });

  test('a malicious description or name cannot become a formula in any CSV format', () => {
    const evil = record('internal', { description: '=cmd|"/c calc"!A1', toAccountName: '@SUM(1+1)' });
    for (const format of ['quickbooks', 'quickbooks4', 'xero', 'netsuite', 'full_csv'] as const) {
      for (const line of LAYOUTS[format].lines(evil, US)) {
        for (const cell of line.match(/"(?:[^"]|"")*"/g) ?? []) assert.doesNotMatch(cell, /^"[=+\-@]/, `${format}: ${cell}`);
      }
    }
  });
});
