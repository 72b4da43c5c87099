import type { DataSource } from 'typeorm';
import type { Actor, RequestContext } from '@orquesta/context';
import { isUuid, tenantScope } from '@orquesta/context';
import { foundAccounts, tenantAccountsPrelude } from '@orquesta/accounts';
import { loadChildPages, readForTenant, SqlWhere, type TenantScope } from '@orquesta/db';
import type { NewEvent } from '@orquesta/events';
import { badInput, checkOptionalText, notFound, ok, toConnection, type Connection, type PageRequest, type Result } from '@orquesta/graphql';
import { checkPositiveAmount, customerBalance, type MoneyPath } from '@orquesta/ledger';
import { TRANSFER_COLUMNS, transferSnapshot, type TransferRow } from './transfer.record';
import { eventTypesFor } from './transfer.lifecycle';
import { TransferStatus, TransferType, type InitiatorType } from './transfer.type';

export interface NewInternalTransfer {
  readonly fromAccountId: string;
  readonly toAccountId: string;
  readonly amount: { readonly amount: string; readonly currency: string };
  readonly idempotencyKey: string;
  readonly description?: string | null;
}

export interface TransferListFilter {
  readonly accountId?: string | null;
  readonly status?: TransferStatus | null;
  readonly type?: TransferType | null;
  readonly from?: Date | null;
  readonly to?: Date | null;
}

export type TransferService = ReturnType<typeof createTransferService>;

const TRANSFERS = 'payments.transfers';

/** What records a transfer and announces its lifecycle: its row, then its events (written by the money path). */
export function transferWrites(scope: TenantScope, actor: Actor, row: TransferRow, path: readonly TransferStatus[]) {
  const payload = transferSnapshot(row);
  return {
    writes: [
      {
        name: 'payments_insert_transfer',
        sql: `INSERT INTO payments.transfers (id, tenant_id, livemode, type, status, from_account_id, to_account_id, amount_minor, fee_minor, currency,
                description, initiated_by, idempotency_key, failure_reason, version, created_at, updated_at, completed_at)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
        params: [
          row.id, scope.tenantId, scope.livemode, row.type, row.status, row.from_account_id, row.to_account_id, row.amount_minor, row.fee_minor,
          row.currency, row.description, JSON.stringify(row.initiated_by), row.idempotency_key, row.failure_reason, row.version,
          row.created_at, row.updated_at, row.completed_at,
        ],
      },
    ],
    events: eventTypesFor(path).map((type): NewEvent => ({ type, entityType: 'Transfer', entityId: row.id, entityVersion: row.version, payload, actor })),
  };
}

export function createTransferService({ dataSource, moveMoney }: { dataSource: DataSource; moveMoney: MoneyPath }) {
  async function getMany(request: RequestContext, ids: readonly string[]): Promise<TransferRow[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const scope = tenantScope(request);
    return readForTenant<TransferRow>(
      dataSource,
      scope,
      `SELECT ${TRANSFER_COLUMNS} FROM payments.transfers WHERE tenant_id = $1 AND livemode = $2 AND id = ANY($3::uuid[])`,
      [scope.tenantId, scope.livemode, valid],
    );
  }

  return {
    getMany,

    /**
     * Moves money between two of the tenant's accounts, synchronously: the ledger transfer,
     * the transfer record and its events commit together, or nothing does.
     */
    async createInternal(request: RequestContext, input: NewInternalTransfer): Promise<Result<TransferRow>> {
      if (!isUuid(input.fromAccountId)) return badInput('input.fromAccountId', 'is not a valid id');
      if (!isUuid(input.toAccountId)) return badInput('input.toAccountId', 'is not a valid id');
      if (input.fromAccountId === input.toAccountId) return badInput('input.toAccountId', 'must differ from fromAccountId');
      const amount = checkPositiveAmount('input.amount', input.amount);
      if (!amount.ok) return amount;
      const description = checkOptionalText('input.description', input.description, 500);
      if (!description.ok) return description;

      const scope = tenantScope(request);
      const { amountMinor, currency } = amount.value;
      return moveMoney<TransferRow>({
        scope,
        actor: request.actor,
        operation: 'createInternalTransfer',
        idempotencyKey: input.idempotencyKey,
        parameters: { from: input.fromAccountId, to: input.toAccountId, amountMinor, currency, description: description.value },
        // Both accounts must be the tenant's: read in the transaction's first round trip.
        prelude: tenantAccountsPrelude(scope, [input.fromAccountId, input.toAccountId]),
        plan: (_tx, { resourceId, preludeRows, now }) => {
          // Another tenant's account is simply not there (row-level security hides it too).
          const found = foundAccounts(preludeRows);
          for (const id of [input.fromAccountId, input.toAccountId]) if (!found.has(id)) return notFound('Account', id);
          const row: TransferRow = {
            id: resourceId,
            tenant_id: scope.tenantId,
            livemode: scope.livemode,
            type: TransferType.INTERNAL,
            status: TransferStatus.COMPLETED,
            from_account_id: input.fromAccountId,
            to_account_id: input.toAccountId,
            amount_minor: amountMinor.toString(),
            fee_minor: '0',
            currency,
            description: description.value,
            initiated_by: { type: request.actor.type as InitiatorType, id: request.actor.id, name: request.actor.name ?? null },
            idempotency_key: input.idempotencyKey,
            failure_reason: null,
            version: 1,
            created_at: now,
            updated_at: now,
            completed_at: now,
          };
          return ok({
            operations: [{ kind: 'transfer', debit: customerBalance(input.fromAccountId, currency), credit: customerBalance(input.toAccountId, currency), amountMinor, code: 'internal_transfer', reference: resourceId }],
            ...transferWrites(scope, request.actor, row, [TransferStatus.COMPLETED]),
            within: () => ok(row),
          });
        },
        // A retry: the original transfer, as it is now.
        replay: async (id) => {
          const [original] = await getMany(request, [id]);
          return original ? ok(original) : notFound('Transfer', id);
        },
      });
    },

    async list(request: RequestContext, page: PageRequest, filter: TransferListFilter = {}): Promise<Result<Connection<TransferRow>>> {
      if (filter.accountId && !isUuid(filter.accountId)) return ok(toConnection([], page));
      if (filter.from && filter.to && filter.from >= filter.to) return badInput('filter.to', 'must be after filter.from');
      const scope = tenantScope(request);
      const where = new SqlWhere([scope.tenantId, scope.livemode, page.limit + 1], ['tenant_id = $1', 'livemode = $2']);
      if (page.afterId) where.and((p) => `id < ${p}`, page.afterId);
      if (filter.accountId) where.and((p) => `(from_account_id = ${p} OR to_account_id = ${p})`, filter.accountId);
      if (filter.status) where.and((p) => `status = ${p}`, filter.status);
      if (filter.type) where.and((p) => `type = ${p}`, filter.type);
      if (filter.from) where.and((p) => `created_at >= ${p}`, filter.from);
      if (filter.to) where.and((p) => `created_at < ${p}`, filter.to);
      const rows = await readForTenant<TransferRow>(
        dataSource,
        scope,
        `SELECT ${TRANSFER_COLUMNS} FROM ${TRANSFERS} WHERE ${where.sql} ORDER BY id DESC LIMIT $3`,
        where.params,
      );
      return ok(toConnection(rows, page));
    },

    /** One page of transfers for each account (as payer or payee), in one statement. */
    async pagesForAccounts(
      request: RequestContext,
      accountIds: readonly string[],
      page: PageRequest,
    ): Promise<Array<TransferRow & { parent_id: string }>> {
      const valid = accountIds.filter(isUuid);
      if (valid.length === 0) return [];
      return loadChildPages<TransferRow & { parent_id: string }>(dataSource, tenantScope(request), {
        table: TRANSFERS,
        belongsToParent: '(t.from_account_id = p.parent_id OR t.to_account_id = p.parent_id)',
        parentIds: valid,
        limit: page.limit + 1,
        afterId: page.afterId,
      });
    },
  };
}

