import { formatAmount } from '@orquesta/money';

/** The export formats, as stored (the GraphQL enum maps onto these). */
export type ExportFormatCode = 'quickbooks' | 'quickbooks4' | 'xero' | 'netsuite' | 'full_csv' | 'json_lines';
export type DateFormatCode = 'us' | 'uk' | 'iso';

/** One transfer as an export sees it: the row, the names of its accounts, the payout's side. */
export interface ExportRecord {
  readonly id: string;
  readonly type: string;
  readonly status: string;
  readonly createdAt: Date;
  readonly fromAccountId: string | null;
  readonly fromAccountName: string | null;
  readonly toAccountId: string | null;
  readonly toAccountName: string | null;
  readonly amountMinor: bigint;
  readonly feeMinor: bigint;
  readonly currency: string;
  readonly description: string | null;
  readonly initiatedBy: { readonly type: string; readonly id: string };
  /** Payouts only: where it went and what arrived. */
  readonly corridor: string | null;
  readonly payee: string | null;
  readonly destinationAmountMinor: bigint | null;
  readonly destinationCurrency: string | null;
  readonly fxRate: string | null;
  /** The amount in USD at the treasury's rate when the export ran; null when no rate is known. */
  readonly usdEquivalentMinor: bigint | null;
}

export interface LayoutOptions {
  readonly dateFormat: DateFormatCode;
  /** Amounts are signed from this account's side; without it, from the tenant's (payouts out, deposits in). */
  readonly accountId: string | null;
  /** Accounting formats add a line for each fee (money the platform charged). */
  readonly includeFees: boolean;
}

/** A format: its header line (null for JSON lines) and the lines one transfer becomes. */
export interface ExportLayout {
  readonly header: string | null;
  /** Accounting formats carry money that moved; the full formats carry every status. */
  readonly completedOnly: boolean;
  lines(record: ExportRecord, options: LayoutOptions): string[];
}

// Headers are part of the contract with accounting packages: QuickBooks' 3- and 4-column bank
// upload, Xero's precoded statement import (starred columns are required), NetSuite's bank
// statement CSV, and the full format of Story 10.5, column for column.
export const HEADERS = {
  quickbooks: 'Date,Description,Amount',
  quickbooks4: 'Date,Description,Credit,Debit',
  xero: '*Date,*Amount,Payee,Description,Reference',
  netsuite: 'Date,Payer/Payee Name,Transaction Number,Transaction Type,Amount,Currency,Memo',
  full_csv:
    'date,time_utc,transaction_id,type,status,from_account_id,from_account_name,to_account_id,to_account_name,amount,currency,usd_equivalent,' +
    'destination_amount,destination_currency,fx_rate,fee_amount,net_amount,corridor,description,initiated_by_type,initiated_by_id',
} as const;

const pad = (value: number) => String(value).padStart(2, '0');

/** A UTC calendar date: US MM/DD/YYYY, UK DD/MM/YYYY, ISO YYYY-MM-DD. */
export function formatDate(at: Date, format: DateFormatCode): string {
  const year = at.getUTCFullYear();
  const month = pad(at.getUTCMonth() + 1);
  const day = pad(at.getUTCDate());
  if (format === 'us') return `${month}/${day}/${year}`;
  if (format === 'uk') return `${day}/${month}/${year}`;
  return `${year}-${month}-${day}`;
}

function timeUtc(at: Date): string {
  return `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
}

// Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection");
// a leading apostrophe makes it text. Tab and carriage return are on OWASP's list too.
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell: formula-proofed, always quoted, quotes doubled. */
export function textCell(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** A number cell (an amount we formatted ourselves): never quoted, so "-2000.00" stays a number. */
function numberCell(minor: bigint | null, currency: string | null): string {
  return minor === null || currency === null ? '' : formatAmount(minor, currency);
}

const INFLOW_TYPES = new Set(['deposit', 'refund']);

/** The amount with its sign: negative when money leaves the account (or the tenant) whose books these are. */
export function signedAmount(record: ExportRecord, accountId: string | null): bigint {
  if (accountId) return record.toAccountId === accountId && record.fromAccountId !== accountId ? record.amountMinor : -record.amountMinor;
  return INFLOW_TYPES.has(record.type) ? record.amountMinor : -record.amountMinor;
}

/** The reference printed in accounting lines: refunds are REF-, everything else TXN-. */
export function reference(record: ExportRecord): string {
  return `${record.type === 'refund' ? 'REF' : 'TXN'}-${record.id}`;
}

function counterparty(record: ExportRecord, accountId: string | null): string | null {
  if (record.type === 'payout') return record.payee ?? record.corridor;
  if (INFLOW_TYPES.has(record.type)) return record.fromAccountName ?? record.toAccountName;
  if (accountId && record.toAccountId === accountId) return record.fromAccountName;
  return record.toAccountName;
}

/** "Payout to Maria Garcia", "Refund from Maria Garcia", "Transfer to Acme", "Deposit to Acme". */
function summary(record: ExportRecord, accountId: string | null): string {
  const party = counterparty(record, accountId) ?? 'unknown';
  switch (record.type) {
    case 'payout':
      return `Payout to ${party}`;
    case 'refund':
      return `Refund from ${party}`;
    case 'deposit':
      return `Deposit to ${record.toAccountName ?? 'account'}`;
    case 'cross_border':
      return `Cross-border transfer ${accountId && record.toAccountId === accountId ? 'from' : 'to'} ${party}`;
    default:
      return `Transfer ${accountId && record.toAccountId === accountId ? 'from' : 'to'} ${party}`;
  }
}

interface AccountingLine {
  readonly date: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly payee: string | null;
  readonly text: string;
  readonly memo: string;
  readonly reference: string;
  readonly kind: string;
}

/** The transfer's line, and its fee's line when fees are included and there was one. */
function accountingLines(record: ExportRecord, options: LayoutOptions): AccountingLine[] {
  const date = formatDate(record.createdAt, options.dateFormat);
  const ref = reference(record);
  const text = summary(record, options.accountId);
  const lines: AccountingLine[] = [
    {
      date,
      amountMinor: signedAmount(record, options.accountId),
      currency: record.currency,
      payee: counterparty(record, options.accountId),
      text: `${text} (${ref})`,
      memo: record.description ?? text,
      reference: ref,
      kind: record.type,
    },
  ];
  if (options.includeFees && record.feeMinor > 0n) {
    lines.push({
      date,
      amountMinor: -record.feeMinor,
      currency: record.currency,
      payee: 'Orquesta',
      text: `Fee for ${ref}`,
      memo: `Fee for ${ref}`,
      reference: `${ref}-FEE`,
      kind: 'fee',
    });
  }
  return lines;
}

function fullRow(record: ExportRecord, options: LayoutOptions): Record<string, string> {
  const netMinor = record.amountMinor - record.feeMinor;
  return {
    date: formatDate(record.createdAt, options.dateFormat),
    time_utc: timeUtc(record.createdAt),
    transaction_id: record.id,
    type: record.type,
    status: record.status,
    from_account_id: record.fromAccountId ?? '',
    from_account_name: record.fromAccountName ?? '',
    to_account_id: record.toAccountId ?? '',
    to_account_name: record.toAccountName ?? '',
    amount: numberCell(record.amountMinor, record.currency),
    currency: record.currency,
    usd_equivalent: numberCell(record.usdEquivalentMinor, record.usdEquivalentMinor === null ? null : 'USD'),
    destination_amount: numberCell(record.destinationAmountMinor, record.destinationCurrency),
    destination_currency: record.destinationCurrency ?? '',
    fx_rate: record.fxRate ?? '',
    fee_amount: numberCell(record.feeMinor, record.currency),
    net_amount: numberCell(netMinor, record.currency),
    corridor: record.corridor ?? '',
    description: record.description ?? '',
    initiated_by_type: record.initiatedBy.type,
    initiated_by_id: record.initiatedBy.id,
  };
}

const NUMBER_COLUMNS = new Set(['amount', 'usd_equivalent', 'destination_amount', 'fx_rate', 'fee_amount', 'net_amount']);
const FULL_COLUMNS = HEADERS.full_csv.split(',');

export const LAYOUTS: Readonly<Record<ExportFormatCode, ExportLayout>> = {
  quickbooks: {
    header: HEADERS.quickbooks,
    completedOnly: true,
    lines: (record, options) =>
      accountingLines(record, options).map((line) => `${line.date},${textCell(line.text)},${numberCell(line.amountMinor, line.currency)}`),
  },
  quickbooks4: {
    header: HEADERS.quickbooks4,
    completedOnly: true,
    lines: (record, options) =>
      accountingLines(record, options).map((line) => {
        const magnitude = numberCell(line.amountMinor < 0n ? -line.amountMinor : line.amountMinor, line.currency);
        return `${line.date},${textCell(line.text)},${line.amountMinor >= 0n ? magnitude : ''},${line.amountMinor < 0n ? magnitude : ''}`;
      }),
  },
  xero: {
    header: HEADERS.xero,
    completedOnly: true,
    lines: (record, options) =>
      accountingLines(record, options).map(
        (line) => `${line.date},${numberCell(line.amountMinor, line.currency)},${textCell(line.payee)},${textCell(line.memo)},${textCell(line.reference)}`,
      ),
  },
  netsuite: {
    header: HEADERS.netsuite,
    completedOnly: true,
    lines: (record, options) =>
      accountingLines(record, options).map(
        (line) =>
          `${line.date},${textCell(line.payee)},${textCell(line.reference)},${textCell(line.kind)},${numberCell(line.amountMinor, line.currency)},` +
          `${line.currency},${textCell(line.memo)}`,
      ),
  },
  full_csv: {
    header: HEADERS.full_csv,
    completedOnly: false,
    lines: (record, options) => {
      const row = fullRow(record, options);
      return [FULL_COLUMNS.map((column) => (NUMBER_COLUMNS.has(column) || column === 'date' || column === 'time_utc' ? row[column] : textCell(row[column]))).join(',')];
    },
  },
  json_lines: {
    header: null,
    completedOnly: false,
    // The full format's columns as one JSON object per line; amounts stay decimal strings.
    lines: (record, options) => [JSON.stringify(fullRow(record, options))],
  },
};
