import type { RequestContext } from '@orquesta/context';
import { badInput, ok, type Result } from '@orquesta/graphql';
import type { BalanceService } from '../balances/balance.service';
import { renderStatementPdf, type StatementLine } from './statement.pdf';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const PAGE_ENTRIES = 1_000;
// A month with more entries than this is an export, not a statement.
const STATEMENT_ENTRIES_MAX = 20_000;

/** [first instant of the month, first instant of the next), UTC. */
export function monthRange(month: string): { from: Date; to: Date } | null {
  const match = MONTH.exec(month);
  if (!match) return null;
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { from: new Date(Date.UTC(year, index, 1)), to: new Date(Date.UTC(year, index + 1, 1)) };
}

export interface StatementPdfFile {
  readonly fileName: string;
  readonly pdf: Buffer;
}

export type StatementService = ReturnType<typeof createStatementService>;

export function createStatementService({ balances }: { balances: BalanceService }) {
  return {
    /** A month's statement of one account and currency as a PDF, from the same figures as accountStatement. */
    async pdf(request: RequestContext, account: { id: string; name: string }, month: string, currency: string): Promise<Result<StatementPdfFile>> {
      const range = monthRange(month);
      if (!range) return badInput('month', 'is a month such as 2025-01');
      const figures = await balances.statement(request, account.id, currency, range.from, range.to);
      if (!figures.ok) return figures;
      if (figures.value.entryCount > STATEMENT_ENTRIES_MAX) return badInput('month', `has more than ${STATEMENT_ENTRIES_MAX} entries: use createExport`);
      const newestFirst: StatementLine[] = [];
      for (let afterId: string | undefined; ; ) {
        const rows = await balances.statementEntries(request, figures.value, { limit: PAGE_ENTRIES, afterId });
        for (const row of rows.slice(0, PAGE_ENTRIES)) {
          // Posted entries are what balances and totals count; holds and releases are not movements.
          if (row.phase !== 'posted') continue;
          newestFirst.push({
            at: row.created_at,
            description: row.reference ? `${row.code} ${row.reference.slice(0, 8)}` : row.code,
            direction: row.direction,
            amountMinor: BigInt(row.amount_minor),
            balanceAfterMinor: BigInt(row.balance_after_minor),
          });
        }
        if (rows.length <= PAGE_ENTRIES) break;
        afterId = rows[PAGE_ENTRIES - 1].id;
      }
      const pdf = await renderStatementPdf({
        tenantName: null,
        accountName: account.name,
        accountId: account.id,
        currency,
        month,
        ...range,
        openingMinor: figures.value.openingMinor,
        closingMinor: figures.value.closingMinor,
        creditsMinor: figures.value.creditsMinor,
        debitsMinor: figures.value.debitsMinor,
        lines: newestFirst.reverse(),
      });
      return ok({ fileName: `statement-${month}-${currency}-${account.id}.pdf`, pdf });
    },
  };
}
