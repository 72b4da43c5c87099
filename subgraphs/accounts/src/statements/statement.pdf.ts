import PDFDocument from 'pdfkit';
import { formatAmount } from '@orquesta/money';

export interface StatementLine {
  readonly at: Date;
  readonly description: string;
  readonly direction: 'debit' | 'credit';
  readonly amountMinor: bigint;
  readonly balanceAfterMinor: bigint;
}

export interface StatementContent {
  readonly tenantName: string | null;
  readonly accountName: string;
  readonly accountId: string;
  readonly currency: string;
  readonly month: string;
  readonly from: Date;
  readonly to: Date;
  readonly openingMinor: bigint;
  readonly closingMinor: bigint;
  readonly creditsMinor: bigint;
  readonly debitsMinor: bigint;
  /** Oldest first: every posted entry of the month. */
  readonly lines: readonly StatementLine[];
}

const COLUMNS = { date: 50, description: 140, debit: 330, credit: 400, balance: 470 } as const;

/**
 * Renders a monthly statement as a PDF: header, opening balance, every entry, totals, closing
 * balance. Refuses figures that do not add up (opening + credits − debits must be the closing
 * balance, and the lines must sum to the totals), so a PDF never disagrees with the ledger.
 * Streams are left uncompressed: the file stays small and its text readable by any tool.
 */
export function renderStatementPdf(content: StatementContent): Promise<Buffer> {
  const credits = content.lines.filter((line) => line.direction === 'credit').reduce((sum, line) => sum + line.amountMinor, 0n);
  const debits = content.lines.filter((line) => line.direction === 'debit').reduce((sum, line) => sum + line.amountMinor, 0n);
  if (credits !== content.creditsMinor || debits !== content.debitsMinor) throw new Error(`statement ${content.accountId} ${content.month}: lines do not sum to the totals`);
  if (content.openingMinor + content.creditsMinor - content.debitsMinor !== content.closingMinor) {
    throw new Error(`statement ${content.accountId} ${content.month}: opening + credits - debits is not the closing balance`);
  }
  const money = (minor: bigint) => `${formatAmount(minor, content.currency)} ${content.currency}`;
  const doc = new PDFDocument({ size: 'A4', margin: 50, compress: false, info: { Title: `Statement ${content.month} ${content.accountName}`, Author: 'Orquesta' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).text('Account statement', 50, 50);
  doc.font('Helvetica').fontSize(10);
  if (content.tenantName) doc.text(content.tenantName);
  doc.text(`Account: ${content.accountName} (${content.accountId})`);
  doc.text(`Period: ${content.month} (${content.from.toISOString().slice(0, 10)} to ${content.to.toISOString().slice(0, 10)}, UTC)`);
  doc.text(`Currency: ${content.currency}`);
  doc.moveDown();
  doc.font('Helvetica-Bold').text(`Opening balance: ${money(content.openingMinor)}`);
  doc.moveDown();

  const header = (y: number) => {
    doc.font('Helvetica-Bold').fontSize(9);
    doc.text('Date', COLUMNS.date, y).text('Description', COLUMNS.description, y).text('Debit', COLUMNS.debit, y).text('Credit', COLUMNS.credit, y).text('Balance', COLUMNS.balance, y);
    doc.font('Helvetica').fontSize(9);
    return y + 14;
  };
  let y = header(doc.y);
  for (const line of content.lines) {
    if (y > doc.page.height - 80) {
      doc.addPage();
      y = header(50);
    }
    const amount = formatAmount(line.amountMinor, content.currency);
    doc.text(line.at.toISOString().slice(0, 10), COLUMNS.date, y);
    doc.text(line.description.slice(0, 40), COLUMNS.description, y, { width: 185, lineBreak: false });
    doc.text(line.direction === 'debit' ? amount : '', COLUMNS.debit, y);
    doc.text(line.direction === 'credit' ? amount : '', COLUMNS.credit, y);
    doc.text(formatAmount(line.balanceAfterMinor, content.currency), COLUMNS.balance, y);
    y += 13;
  }
  doc.x = 50;
  doc.y = y + 10;
  doc.font('Helvetica-Bold').fontSize(10);
  doc.text(`Total credits: ${money(content.creditsMinor)}`, 50);
  doc.text(`Total debits: ${money(content.debitsMinor)}`, 50);
  doc.text(`Entries: ${content.lines.length}`, 50);
  doc.text(`Closing balance: ${money(content.closingMinor)}`, 50);
  doc.end();
  return done;
}
