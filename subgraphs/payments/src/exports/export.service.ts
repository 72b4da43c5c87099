import type { DataSource } from 'typeorm';
import { tenantAccounts } from '@orquesta/accounts';
import { isUuid, tenantScope, type RequestContext } from '@orquesta/context';
import { readForTenant, uuidv7, withTenant } from '@orquesta/db';
import { eventsInsert } from '@orquesta/events';
import { badInput, notFound, ok, toConnection, type Connection, type PageRequest, type Result } from '@orquesta/graphql';
import { findCurrency } from '@orquesta/money';
import type { DateFormatCode, ExportFormatCode } from './export.formats';
import { effectiveStatus, EXPORT_EVENTS } from './export.lifecycle';
import { EXPORT_COLUMNS, exportSnapshot, type ExportFilters, type ExportRow } from './export.record';
import { signExportUrl } from './export.signing';

export interface NewExport {
  readonly format: ExportFormatCode;
  readonly from: Date;
  readonly to: Date;
  readonly dateFormat?: DateFormatCode | null;
  readonly accountId?: string | null;
  readonly corridor?: string | null;
  readonly currency?: string | null;
  readonly include?: Partial<ExportFilters['include']> | null;
}

export interface ExportUrlOptions {
  readonly secret: string;
  /** Prefix for download URLs (ORQUESTA_PUBLIC_URL); without it they are paths on the gateway. */
  readonly baseUrl?: string;
}

const PERIOD_DAYS_MAX = 366;
const CORRIDOR = /^[A-Z]{3,5}-[A-Z]{3,5}$/;

export type ExportService = ReturnType<typeof createExportService>;

export function createExportService({ dataSource, urls }: { dataSource: DataSource; urls: ExportUrlOptions }) {
  return {
    /**
     * Records the export as PROCESSING with its `export.created` event, in one transaction.
     * The relay hands that event to the `export-build` queue once it has committed, so nothing
     * is enqueued for an export that does not exist.
     */
    async create(request: RequestContext, input: NewExport): Promise<Result<ExportRow>> {
      if (!(input.from < input.to)) return badInput('input.to', 'must be after from');
      if (input.to.getTime() - input.from.getTime() > PERIOD_DAYS_MAX * 86_400_000) return badInput('input.to', `the period is at most ${PERIOD_DAYS_MAX} days`);
      if (input.accountId && !isUuid(input.accountId)) return badInput('input.accountId', 'is not a valid id');
      if (input.currency && !findCurrency(input.currency)) return badInput('input.currency', `unknown currency "${input.currency.slice(0, 12)}"`);
      if (input.corridor && !CORRIDOR.test(input.corridor)) return badInput('input.corridor', 'is a corridor code such as USD-MXN');
      const filters: ExportFilters = {
        accountId: input.accountId ?? null,
        corridor: input.corridor ?? null,
        currency: input.currency ?? null,
        include: { refunds: true, streams: true, fees: true, payouts: true, ...(input.include ?? {}) },
      };
      const scope = tenantScope(request);
      const id = uuidv7();
      const row = await withTenant(dataSource, scope, async (manager) => {
        // An account filter names one of the tenant's own accounts (another tenant's id is not found).
        if (filters.accountId && !(await tenantAccounts(manager, scope, [filters.accountId])).has(filters.accountId)) return undefined;
        const [created]: ExportRow[] = await manager.query(
          `INSERT INTO payments.exports (id, tenant_id, livemode, format, date_format, period_from, period_to, filters, status, requested_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'processing', $9) RETURNING ${EXPORT_COLUMNS}`,
          [id, scope.tenantId, scope.livemode, input.format, input.dateFormat ?? 'us', input.from, input.to, JSON.stringify(filters), JSON.stringify(request.actor)],
        );
        const event = eventsInsert(scope, [
          { type: EXPORT_EVENTS.processing!, entityType: 'Export', entityId: id, entityVersion: created.version, payload: exportSnapshot(created), actor: request.actor },
        ]);
        await manager.query(event.sql, [...event.params]);
        return created;
      });
      return row ? ok(row) : notFound('Account', filters.accountId ?? '');
    },

    async get(request: RequestContext, id: string): Promise<Result<ExportRow>> {
      if (!isUuid(id)) return notFound('Export', id);
      const scope = tenantScope(request);
      const [row] = await readForTenant<ExportRow>(dataSource, scope, `SELECT ${EXPORT_COLUMNS} FROM payments.exports WHERE tenant_id = $1 AND livemode = $2 AND id = $3`, [
        scope.tenantId,
        scope.livemode,
        id,
      ]);
      return row ? ok(row) : notFound('Export', id);
    },

    async list(request: RequestContext, page: PageRequest): Promise<Connection<ExportRow>> {
      const scope = tenantScope(request);
      const rows = await readForTenant<ExportRow>(
        dataSource,
        scope,
        `SELECT ${EXPORT_COLUMNS} FROM payments.exports WHERE tenant_id = $1 AND livemode = $2 ${page.afterId ? 'AND id < $4' : ''} ORDER BY id DESC LIMIT $3`,
        page.afterId ? [scope.tenantId, scope.livemode, page.limit + 1, page.afterId] : [scope.tenantId, scope.livemode, page.limit + 1],
      );
      return toConnection(rows, page);
    },

    /** The signed download URL of a READY export still in its window; null otherwise. */
    downloadUrl(row: ExportRow, now = new Date()): string | null {
      if (effectiveStatus(row.status, row.expires_at, now) !== 'ready' || !row.expires_at) return null;
      return signExportUrl(urls, row.id, { tenantId: row.tenant_id, livemode: row.livemode }, row.expires_at);
    },
  };
}
