import type { DataSource } from 'typeorm';
import type { RequestContext } from '@orquesta/context';
import { isUuid, tenantScope } from '@orquesta/context';
import { foundAccounts, tenantAccountsPrelude } from '@orquesta/accounts';
import { readForTenant, type TenantScope } from '@orquesta/db';
import { badInput, checkOptionalText, fail, notFound, ok, type Result } from '@orquesta/graphql';
import { checkIdempotencyKey, checkPositiveAmount, customerBalance, systemAccount, withTenantResult, type Ledger, type MoneyPath } from '@orquesta/ledger';
import { formatAmount } from '@orquesta/money';
import {
  checkDestination,
  findCorridor,
  findRail,
  NETWORK_CURRENCY,
  railsOf,
  type FxRateService,
  type PayoutDestination,
  type PayoutNetwork,
} from '@orquesta/treasury';
import { convert, feeFor } from '../quotes/quote.pricing';
import { TRANSFER_COLUMNS, type TransferRow } from '../transfers/transfer.record';
import { transferWrites } from '../transfers/transfer.service';
import { TransferStatus, TransferType, type InitiatorType } from '../transfers/transfer.type';
import { createPayoutRecord, lockPayout, movePayout, PAYOUT_COLUMNS, type ManualStep, type PayoutRow } from './payout.record';

export interface NewPayout {
  readonly fromAccountId: string;
  readonly quoteId?: string | null;
  readonly amount?: { readonly amount: string; readonly currency: string } | null;
  readonly destination: PayoutDestination;
  readonly idempotencyKey: string;
  readonly description?: string | null;
}

export type ManualAction = 'retry_on_rail' | 'refund';

export interface ManualResolution {
  readonly transferId: string;
  readonly stepId: string;
  readonly action: ManualAction;
  readonly rail?: string | null;
}

interface QuoteRow {
  id: string;
  from_currency: string;
  to_currency: string;
  amount_minor: string;
  fee_minor: string;
  rate: string;
  target_amount_minor: string;
  expires_at: Date;
}

interface Priced {
  readonly quoteId: string | null;
  readonly sourceCurrency: string;
  readonly targetCurrency: string;
  readonly amountMinor: bigint;
  readonly feeMinor: bigint;
  readonly rate: string;
  readonly targetMinor: bigint;
}

// A payout's hold outlives any realistic settlement, manual review included.
const HOLD_DAYS = 30;
export const PAYOUT_CLEARING = 'payouts';

/** The account a payout's funds wait in between the hold and the rail. */
export function payoutClearing(scope: TenantScope, currency: string) {
  return systemAccount(scope, 'clearing', currency, PAYOUT_CLEARING);
}

export type PayoutService = ReturnType<typeof createPayoutService>;

export function createPayoutService(deps: { dataSource: DataSource; ledger: Ledger; moveMoney: MoneyPath; fxRates: FxRateService; feeBps: number }) {
  const { dataSource, ledger, moveMoney } = deps;

  async function transferRow(scope: TenantScope, id: string): Promise<TransferRow | null> {
    const [row] = await readForTenant<TransferRow>(dataSource, scope, `SELECT ${TRANSFER_COLUMNS} FROM payments.transfers WHERE tenant_id = $1 AND livemode = $2 AND id = $3`, [
      scope.tenantId,
      scope.livemode,
      id,
    ]);
    return row ?? null;
  }

  /** What the payout costs and delivers: from a quote (its locked rate) or priced now. */
  async function price(scope: TenantScope, input: NewPayout, network: PayoutNetwork): Promise<Result<Priced>> {
    const targetCurrency = NETWORK_CURRENCY[network];
    if (input.quoteId && input.amount) return badInput('input.amount', 'give either quoteId or amount, not both');
    if (input.quoteId) {
      // Another tenant's quote is simply not there, like an unknown one.
      if (!isUuid(input.quoteId)) return badInput('input.quoteId', 'is not a known quote');
      const [quote] = await readForTenant<QuoteRow>(
        dataSource,
        scope,
        `SELECT id, from_currency, to_currency, amount_minor::text, fee_minor::text, rtrim(rtrim(rate::text, '0'), '.') AS rate, target_amount_minor::text, expires_at
           FROM payments.quotes WHERE tenant_id = $1 AND livemode = $2 AND id = $3`,
        [scope.tenantId, scope.livemode, input.quoteId],
      );
      if (!quote) return badInput('input.quoteId', 'is not a known quote');
      if (quote.expires_at.getTime() <= Date.now()) return badInput('input.quoteId', 'has expired; ask for a new quote');
      if (quote.to_currency !== targetCurrency) return badInput('input.quoteId', `delivers ${quote.to_currency} but ${network} pays out ${targetCurrency}`);
      return ok({
        quoteId: quote.id,
        sourceCurrency: quote.from_currency,
        targetCurrency,
        amountMinor: BigInt(quote.amount_minor),
        feeMinor: BigInt(quote.fee_minor),
        rate: quote.rate,
        targetMinor: BigInt(quote.target_amount_minor),
      });
    }
    if (!input.amount) return badInput('input.quoteId', 'give either quoteId or amount');
    const amount = checkPositiveAmount('input.amount', input.amount);
    if (!amount.ok) return amount;
    const rate = await deps.fxRates.latest(amount.value.currency, targetCurrency);
    if (!rate.ok) return rate;
    if (!rate.value) return badInput('input.destination.network', `no rate from ${amount.value.currency} to ${targetCurrency}`);
    const feeMinor = feeFor(amount.value.amountMinor, deps.feeBps);
    const targetMinor = convert(amount.value.amountMinor - feeMinor, amount.value.currency, targetCurrency, rate.value.rate);
    if (targetMinor <= 0n) return badInput('input.amount.amount', 'is too small to deliver anything after the fee');
    return ok({ quoteId: null, sourceCurrency: amount.value.currency, targetCurrency, amountMinor: amount.value.amountMinor, feeMinor, rate: rate.value.rate, targetMinor });
  }

  async function getMany(request: RequestContext, ids: readonly string[]): Promise<PayoutRow[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const scope = tenantScope(request);
    return readForTenant<PayoutRow>(dataSource, scope, `SELECT ${PAYOUT_COLUMNS} FROM payments.payouts WHERE tenant_id = $1 AND livemode = $2 AND transfer_id = ANY($3::uuid[])`, [
      scope.tenantId,
      scope.livemode,
      valid,
    ]);
  }

  return {
    getMany,

    /**
     * Validates everything at the edge (nothing is held on bad input), holds the funds, and
     * records the transfer as `processing` with its events. Settlement starts from the outbox:
     * the relay hands the committed `transfer.processing` event to the `payout-settlement`
     * queue, so nothing is enqueued inside a transaction and no committed payout is forgotten.
     */
    async create(request: RequestContext, input: NewPayout): Promise<Result<TransferRow>> {
      if (!isUuid(input.fromAccountId)) return badInput('input.fromAccountId', 'is not a valid id');
      const key = checkIdempotencyKey('input.idempotencyKey', input.idempotencyKey);
      if (!key.ok) return key;
      const description = checkOptionalText('input.description', input.description, 500);
      if (!description.ok) return description;
      const destination = checkDestination('input.destination', input.destination);
      if (!destination.ok) return destination;
      const network = destination.value.network;
      const scope = tenantScope(request);
      const priced = await price(scope, input, network);
      if (!priced.ok) return priced;
      const { sourceCurrency, targetCurrency, amountMinor, feeMinor, targetMinor } = priced.value;
      const corridor = findCorridor(sourceCurrency, targetCurrency);
      if (!corridor || corridor.network !== network) {
        return badInput(input.quoteId ? 'input.quoteId' : 'input.amount.currency', `the corridor ${sourceCurrency}-${targetCurrency} over ${network} is not supported`);
      }
      const rails = railsOf(network);
      const min = rails.reduce((least, rail) => (rail.minAmountMinor < least ? rail.minAmountMinor : least), rails[0].minAmountMinor);
      const max = rails.reduce((most, rail) => (rail.maxAmountMinor > most ? rail.maxAmountMinor : most), rails[0].maxAmountMinor);
      if (targetMinor < min || targetMinor > max) {
        return badInput(input.quoteId ? 'input.quoteId' : 'input.amount.amount', `delivers ${formatAmount(targetMinor, targetCurrency)} ${targetCurrency}; ${network} rails carry ${formatAmount(min, targetCurrency)} to ${formatAmount(max, targetCurrency)}`);
      }

      return moveMoney<TransferRow>({
        scope,
        actor: request.actor,
        operation: 'createPayout',
        idempotencyKey: input.idempotencyKey,
        parameters: {
          from: input.fromAccountId,
          quoteId: priced.value.quoteId,
          amountMinor: input.quoteId ? null : amountMinor,
          currency: sourceCurrency,
          destination: JSON.stringify(destination.value),
          description: description.value,
        },
        prelude: tenantAccountsPrelude(scope, [input.fromAccountId]),
        plan: (_tx, { resourceId: transferId, preludeRows, now }) => {
          if (!foundAccounts(preludeRows).has(input.fromAccountId)) return notFound('Account', input.fromAccountId);
          const row: TransferRow = {
            id: transferId,
            tenant_id: scope.tenantId,
            livemode: scope.livemode,
            type: TransferType.PAYOUT,
            status: TransferStatus.PROCESSING,
            from_account_id: input.fromAccountId,
            to_account_id: null,
            amount_minor: amountMinor.toString(),
            fee_minor: feeMinor.toString(),
            currency: sourceCurrency,
            description: description.value,
            initiated_by: { type: request.actor.type as InitiatorType, id: request.actor.id, name: request.actor.name ?? null },
            idempotency_key: input.idempotencyKey,
            failure_reason: null,
            version: 1,
            created_at: now,
            updated_at: now,
            completed_at: null,
          };
          return ok({
            operations: [{
              kind: 'transfer',
              debit: customerBalance(input.fromAccountId, sourceCurrency),
              credit: payoutClearing(scope, sourceCurrency),
              amountMinor,
              code: 'payout_hold',
              reference: transferId,
              holdUntil: new Date(now.getTime() + HOLD_DAYS * 86_400_000),
            }],
            // Created and processing in one transaction: two events of version 1, as internal transfers do.
            ...transferWrites(scope, request.actor, row, [TransferStatus.PROCESSING]),
            within: async (tx, moved) => {
              const created = await createPayoutRecord(tx, scope, {
                transferId,
                quoteId: priced.value.quoteId,
                corridor: corridor.code,
                network,
                sourceCurrency,
                targetCurrency,
                rate: priced.value.rate,
                targetMinor,
                destination: destination.value,
                holdId: moved.transfers[0].id,
              });
              // A quote pays out once; the loser of a race rolls back its hold with this answer.
              return created ? ok(row) : badInput('input.quoteId', 'was already used by another payout');
            },
          });
        },
        replay: async (id) => {
          const original = await transferRow(scope, id);
          return original ? ok(original) : notFound('Transfer', id);
        },
      });
    },

    /** Cancels a payout not yet handed to a rail: the hold is voided, the funds are back. */
    async cancel(request: RequestContext, transferId: string): Promise<Result<TransferRow>> {
      if (!isUuid(transferId)) return notFound('Transfer', transferId);
      const scope = tenantScope(request);
      return withTenantResult(dataSource, scope, async (manager) => {
        const locked = await lockPayout(manager, scope, transferId);
        if (!locked) return notFound('Transfer', transferId);
        if (locked.transfer.status !== TransferStatus.PROCESSING || locked.payout.stage !== 'queued') {
          return fail({ code: 'CONFLICT', message: `the payout can no longer be cancelled: it is ${locked.transfer.status}${locked.payout.stage === 'queued' ? '' : ` and was ${locked.payout.stage === 'sending' || locked.payout.stage === 'sent' ? 'sent to a rail' : locked.payout.stage}`}` });
        }
        const released = await ledger.execute(manager, scope, [{ kind: 'void', pendingId: locked.payout.hold_id, reference: transferId }], { actor: request.actor });
        if (!released.ok) return released;
        return ok(await movePayout(manager, scope, locked, 'cancelled', { actor: request.actor, failureReason: 'cancelled by the sender before it was sent' }));
      });
    },

    /** An admin's answer to a payout every rail refused: retry on a chosen rail, or refund. */
    async resolveManualStep(request: RequestContext, input: ManualResolution): Promise<Result<TransferRow>> {
      if (!isUuid(input.transferId)) return notFound('Transfer', input.transferId);
      const scope = tenantScope(request);
      // A retry moves the transfer back to processing: its event restarts settlement, as at creation.
      const result = await withTenantResult(dataSource, scope, async (manager): Promise<Result<{ row: TransferRow; retry: boolean }>> => {
        const locked = await lockPayout(manager, scope, input.transferId);
        if (!locked) return notFound('Transfer', input.transferId);
        const step = locked.payout.manual_steps.find((candidate) => candidate.id === input.stepId);
        if (!step) return badInput('input.stepId', 'is not a step of this payout');
        if (step.resolvedAt || locked.transfer.status !== TransferStatus.REQUIRES_MANUAL_INTERVENTION) {
          return fail({ code: 'CONFLICT', message: 'this step is already resolved' });
        }
        const resolvedAt = new Date().toISOString();
        const resolve = (resolution: string): ManualStep[] =>
          locked.payout.manual_steps.map((candidate) => (candidate.id === step.id ? { ...candidate, resolvedAt, resolution } : candidate));
        if (input.action === 'refund') {
          const released = await ledger.execute(manager, scope, [{ kind: 'void', pendingId: locked.payout.hold_id, reference: input.transferId }], { actor: request.actor });
          if (!released.ok) return released;
          const row = await movePayout(manager, scope, locked, 'failed', {
            patch: { manual_steps: resolve('refunded') },
            actor: request.actor,
            failureReason: 'refunded after manual review: every rail refused it',
          });
          return ok({ row, retry: false });
        }
        const rail = input.rail ? findRail(input.rail) : undefined;
        if (!rail || rail.network !== locked.payout.network) return badInput('input.rail', `must be a ${locked.payout.network} rail`);
        const row = await movePayout(manager, scope, locked, 'queued', {
          patch: { chain: [rail.code], chain_index: 0, round: locked.payout.round + 1, soft_failures: 0, manual_steps: resolve(`retry on ${rail.code}`) },
          actor: request.actor,
        });
        return ok({ row, retry: true });
      });
      return result.ok ? ok(result.value.row) : result;
    },
  };
}
