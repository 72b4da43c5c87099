import { randomUUID } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { withTenant, type TenantScope } from '@orquesta/db';
import { createQueue, eventSubject, keepJobSchedulers, QUEUE_NAMES, recordEvent, type QueueConnection } from '@orquesta/events';
import { systemAccount, withTenantResult, type Ledger, type LedgerOperation } from '@orquesta/ledger';
import { formatAmount } from '@orquesta/money';
import {
  findCorridor,
  railFloatAccount,
  railsOf,
  RailError,
  type PayoutNetwork,
  type RailPayout,
  type RailRegistry,
  type RoutingService,
} from '@orquesta/treasury';
import { ok } from '@orquesta/graphql';
import { TransferStatus } from '../transfers/transfer.type';
import type { PayoutQueue, PayoutSettlementJob } from './payout-settlement.queue';
import { payoutClearing } from './payout.service';
import { UNFINISHED_STAGES, type PayoutStage } from './payout.lifecycle';
import { lockPayout, movePayout, SYSTEM_SETTLEMENT_ACTOR, updatePayout, type LockedPayout, type PayoutAttempt, type PayoutPatch, type PayoutRow } from './payout.record';

export interface SettlementDeps {
  readonly dataSource: DataSource;
  readonly ledger: Ledger;
  readonly rails: RailRegistry;
  readonly routing: RoutingService;
  /** Set by test harnesses only (see SettlementHooks); production passes none. */
  readonly hooks?: SettlementHooks;
  /** How often a job polls a rail while it waits for the final answer, and for how long in all. */
  readonly pollIntervalMs?: number;
  readonly pollWindowMs?: number;
}

/** What a hook sees of a payout. */
export interface SettlementSubject {
  readonly transferId: string;
  readonly description: string | null;
}

/**
 * Points where a test harness can step into settlement (the payout-crash test kills its
 * process between "the rail accepted it" and "recorded as sent"). Production sets none.
 */
export interface SettlementHooks {
  /** Whether this process settles the payout at all (default: every payout). */
  readonly settles?: (payout: SettlementSubject) => boolean;
  /** A rail has just accepted the payout for the first time; nothing is recorded yet. */
  readonly railAccepted?: (payout: SettlementSubject) => void;
}

/** Soft failures on one rail before the payout falls over to the next one. */
export const SOFT_FAILURES_MAX = 3;

type Plan =
  | { readonly kind: 'done' }
  | { readonly kind: 'send'; readonly payout: PayoutRow; readonly description: string | null; readonly rail: string; readonly reference: string }
  | { readonly kind: 'poll'; readonly rail: string; readonly reference: string };

type Step = 'done' | 'wait' | 'again';

function attempt(rail: string, reference: string, outcome: PayoutAttempt['outcome'], code: string | null): PayoutAttempt {
  return { rail, reference, outcome, code, at: new Date().toISOString() };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Settles payouts, one step at a time. Every step re-reads the payout under its row lock and
 * changes it only if it is still where the step expects, so any number of workers, callbacks,
 * sweeps and retries can run on one payout and it still reaches the rail once (the rail is
 * idempotent by reference) and is posted or voided once.
 *
 *   queued  → route (first time), pick the next rail of the chain → sending
 *   sending → create the payout at the rail (same reference on every retry) → sent;
 *             a soft refusal is retried with backoff, a hard one falls over to the next rail
 *   sent    → poll the rail (or be woken by its callback) → settled: post the hold, fee to
 *             revenue, FX through the fx account, principal to the rail's float;
 *             a failure at the rail falls over to the next rail
 *   no rail left → requires_manual_intervention, funds still held, a step for an admin
 */
export function createPayoutSettlement(deps: SettlementDeps) {
  const { dataSource, ledger } = deps;
  const pollIntervalMs = deps.pollIntervalMs ?? 200;
  const pollWindowMs = deps.pollWindowMs ?? 10_000;

  async function toManual(manager: EntityManager, scope: TenantScope, locked: LockedPayout, why: string, patch: PayoutPatch): Promise<void> {
    const options = ['REFUND', ...railsOf(locked.payout.network as PayoutNetwork).map((rail) => `RETRY_ON_RAIL:${rail.code}`)];
    await movePayout(manager, scope, locked, 'manual', {
      patch: {
        ...patch,
        manual_steps: [
          ...locked.payout.manual_steps,
          { id: randomUUID(), kind: 'RETRY_OR_REFUND', description: `Every rail refused the payout (${why}). Retry it on a rail of your choice, or refund the sender.`, options, resolvedAt: null, resolution: null },
        ],
      },
      actor: SYSTEM_SETTLEMENT_ACTOR,
      failureReason: `every rail refused it: ${why}`.slice(0, 500),
    });
  }

  async function plan(scope: TenantScope, transferId: string): Promise<Plan> {
    return withTenant(dataSource, scope, async (manager): Promise<Plan> => {
      const locked = await lockPayout(manager, scope, transferId);
      if (!locked || locked.transfer.status !== TransferStatus.PROCESSING) return { kind: 'done' };
      if (deps.hooks?.settles && !deps.hooks.settles({ transferId, description: locked.transfer.description })) return { kind: 'done' };
      const { payout } = locked;
      if (payout.stage === 'sending') return { kind: 'send', payout, description: locked.transfer.description, rail: payout.rail!, reference: payout.reference! };
      if (payout.stage === 'sent') return { kind: 'poll', rail: payout.rail!, reference: payout.reference! };
      if (payout.stage !== 'queued') return { kind: 'done' };

      let { chain, route } = payout;
      if (!route) {
        const [from, to] = payout.corridor.split('-');
        route = await deps.routing.decide(manager, scope, findCorridor(from, to)!, BigInt(payout.target_amount_minor));
        chain = [...route.chain];
      }
      if (payout.chain_index >= chain.length) {
        const last = payout.attempts[payout.attempts.length - 1];
        await toManual(manager, scope, locked, last ? `last: ${last.rail} ${last.code ?? last.outcome}` : route.reasoning, { route, chain });
        return { kind: 'done' };
      }
      const rail = chain[payout.chain_index];
      const reference = `${transferId}:${rail}:${payout.round}`;
      await movePayout(manager, scope, locked, 'sending', { patch: { route, chain, rail, reference, soft_failures: 0 }, actor: SYSTEM_SETTLEMENT_ACTOR });
      return { kind: 'send', payout: { ...payout, route, chain, rail, reference, stage: 'sending' }, description: locked.transfer.description, rail, reference };
    });
  }

  /** Runs `change` on the payout only if it is still at `stage` with `reference`. */
  async function ifStill(scope: TenantScope, transferId: string, stage: PayoutStage, reference: string, change: (manager: EntityManager, locked: LockedPayout) => Promise<unknown>): Promise<boolean> {
    return withTenant(dataSource, scope, async (manager) => {
      const locked = await lockPayout(manager, scope, transferId);
      if (!locked || locked.transfer.status !== TransferStatus.PROCESSING || locked.payout.stage !== stage || locked.payout.reference !== reference) return false;
      await change(manager, locked);
      return true;
    });
  }

  async function send(scope: TenantScope, step: Extract<Plan, { kind: 'send' }>): Promise<Step> {
    const provider = deps.rails.get(step.rail);
    if (!provider) throw new Error(`no provider for rail ${step.rail}`);
    const { payout } = step;
    let accepted: RailPayout;
    try {
      accepted = await provider.createPayout(scope, {
        reference: step.reference,
        transferId: payout.transfer_id,
        amountMinor: BigInt(payout.target_amount_minor),
        currency: payout.target_currency,
        destination: payout.destination,
        description: step.description,
        attempt: payout.soft_failures + 1,
      });
    } catch (error) {
      if (!(error instanceof RailError)) throw error;
      let retry = false;
      await ifStill(scope, payout.transfer_id, 'sending', step.reference, async (manager, locked) => {
        const attempts = [...locked.payout.attempts, attempt(step.rail, step.reference, error.retryable ? 'soft_failure' : 'hard_failure', error.code)];
        const softFailures = locked.payout.soft_failures + (error.retryable ? 1 : 0);
        if (error.retryable && softFailures < SOFT_FAILURES_MAX) {
          retry = true;
          await updatePayout(manager, scope, payout.transfer_id, { attempts, soft_failures: softFailures });
        } else {
          // Not retryable, or retried enough: the next rail of the chain.
          await movePayout(manager, scope, locked, 'queued', { patch: { attempts, soft_failures: softFailures, chain_index: locked.payout.chain_index + 1 }, actor: SYSTEM_SETTLEMENT_ACTOR });
        }
      });
      // A soft refusal goes back to BullMQ, which retries the job with backoff.
      if (retry) throw error;
      return 'again';
    }
    if (accepted.created) deps.hooks?.railAccepted?.({ transferId: payout.transfer_id, description: step.description });
    await ifStill(scope, payout.transfer_id, 'sending', step.reference, (manager, locked) =>
      movePayout(manager, scope, locked, 'sent', {
        patch: { rail_payout_id: accepted.railPayoutId, attempts: [...locked.payout.attempts, attempt(step.rail, step.reference, 'sent', null)] },
        actor: SYSTEM_SETTLEMENT_ACTOR,
      }),
    );
    return 'again';
  }

  async function settle(scope: TenantScope, transferId: string, reference: string, railCode: string): Promise<void> {
    await withTenantResult(dataSource, scope, async (manager) => {
      const locked = await lockPayout(manager, scope, transferId);
      if (!locked || locked.transfer.status !== TransferStatus.PROCESSING || locked.payout.stage !== 'sent' || locked.payout.reference !== reference) return ok(null);
      const { payout, transfer } = locked;
      const source = payout.source_currency;
      const target = payout.target_currency;
      const amountMinor = BigInt(transfer.amount_minor);
      const feeMinor = BigInt(transfer.fee_minor);
      const principalMinor = amountMinor - feeMinor;
      const targetMinor = BigInt(payout.target_amount_minor);
      const clearing = payoutClearing(scope, source);
      const float = railFloatAccount(scope, railCode, target);
      const operations: LedgerOperation[] = [{ kind: 'post', pendingId: payout.hold_id, reference: transferId }];
      if (feeMinor > 0n) operations.push({ kind: 'transfer', debit: clearing, credit: systemAccount(scope, 'fees_revenue', source), amountMinor: feeMinor, code: 'payout_fee', reference: transferId });
      if (source === target) {
        if (principalMinor !== targetMinor) throw new Error(`payout ${transferId}: same-currency principal ${principalMinor} differs from target ${targetMinor}`);
        operations.push({ kind: 'transfer', debit: clearing, credit: float, amountMinor: targetMinor, code: 'payout_settlement', reference: transferId });
      } else {
        // FX through the fx account: it takes the source currency in and pays the target out.
        operations.push({ kind: 'transfer', debit: clearing, credit: systemAccount(scope, 'fx', source), amountMinor: principalMinor, code: 'payout_fx', reference: transferId });
        operations.push({ kind: 'transfer', debit: systemAccount(scope, 'fx', target), credit: float, amountMinor: targetMinor, code: 'payout_settlement', reference: transferId });
      }
      const posted = await ledger.execute(manager, scope, operations, { actor: SYSTEM_SETTLEMENT_ACTOR });
      if (!posted.ok) return posted;
      const completed = await movePayout(manager, scope, locked, 'settled', {
        patch: { attempts: [...payout.attempts, attempt(railCode, reference, 'succeeded', null)] },
        actor: SYSTEM_SETTLEMENT_ACTOR,
      });
      if (!posted.value.replayed) {
        // A float that now falls short of zero crossed the line with this payout: say so once.
        const account = posted.value.accounts.find((candidate) => candidate.code === 'rail_settlement' && candidate.qualifier === railCode && candidate.currency === target);
        const balance = account ? account.debitsPostedMinor - account.creditsPostedMinor : 0n;
        if (account && balance < 0n && balance + targetMinor >= 0n) {
          await recordEvent(manager, scope, {
            type: 'liquidity.low',
            entityType: 'Transfer',
            entityId: transferId,
            entityVersion: completed.version,
            payload: { rail: railCode, currency: target, balance: formatAmount(balance, target), shortfall: formatAmount(-balance, target), transferId },
            actor: SYSTEM_SETTLEMENT_ACTOR,
          });
        }
      }
      return ok(null);
    }).then((result) => {
      if (!result.ok) throw new Error(`payout ${transferId}: settlement refused by the ledger: ${result.error.code}`);
    });
  }

  async function poll(scope: TenantScope, transferId: string, step: Extract<Plan, { kind: 'poll' }>): Promise<Step> {
    const provider = deps.rails.get(step.rail);
    if (!provider) throw new Error(`no provider for rail ${step.rail}`);
    const status = await provider.status(scope, step.reference);
    if (!status) {
      // Marked sent but unknown at the rail: send again (the same reference cannot pay twice).
      await ifStill(scope, transferId, 'sent', step.reference, (manager, locked) => movePayout(manager, scope, locked, 'sending', { actor: SYSTEM_SETTLEMENT_ACTOR }));
      return 'again';
    }
    if (status.status === 'processing') return 'wait';
    if (status.status === 'succeeded') {
      await settle(scope, transferId, step.reference, step.rail);
      return 'done';
    }
    await ifStill(scope, transferId, 'sent', step.reference, (manager, locked) =>
      movePayout(manager, scope, locked, 'queued', {
        patch: {
          chain_index: locked.payout.chain_index + 1,
          attempts: [...locked.payout.attempts, attempt(step.rail, step.reference, 'failed', status.failureCode ?? status.status)],
        },
        actor: SYSTEM_SETTLEMENT_ACTOR,
      }),
    );
    return 'again';
  }

  /** Takes one payout as far as it can go now. Returns false when it still waits for its rail. */
  async function run(scope: TenantScope, transferId: string): Promise<boolean> {
    const deadline = Date.now() + pollWindowMs;
    for (let steps = 0; steps < 50; steps += 1) {
      const next = await plan(scope, transferId);
      if (next.kind === 'done') return true;
      const step = next.kind === 'send' ? await send(scope, next) : await poll(scope, transferId, next);
      if (step === 'done') return true;
      if (step === 'wait') {
        if (Date.now() > deadline) return false;
        await sleep(pollIntervalMs);
      }
    }
    return false;
  }

  return { run };
}

export type PayoutSettlement = ReturnType<typeof createPayoutSettlement>;

export interface SettlementWorkerOptions {
  readonly queues: QueueConnection;
  readonly systemPool: Pool;
  readonly queue: PayoutQueue;
  /** How often the sweep looks for payouts nobody is moving, and how long before one counts as stuck. */
  readonly sweepEveryMs?: number;
  readonly stuckAfterMs?: number;
  readonly concurrency?: number;
}

/**
 * Re-enqueues payouts that nothing has moved for a while (a job lost with Redis, a worker
 * killed mid-step, a rail that answers late), touching them so each is picked once per window.
 */
export async function sweepStuckPayouts(systemPool: Pool, queue: PayoutQueue, stuckAfterMs: number): Promise<number> {
  const { rows } = await systemPool.query<{ transfer_id: string; tenant_id: string; livemode: boolean }>(
    `WITH stuck AS (
       SELECT transfer_id FROM payments.payouts
        WHERE stage = ANY($2::text[]) AND updated_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY updated_at LIMIT 200 FOR UPDATE SKIP LOCKED)
     UPDATE payments.payouts p SET updated_at = now() FROM stuck WHERE p.transfer_id = stuck.transfer_id
     RETURNING p.transfer_id, p.tenant_id, p.livemode`,
    [stuckAfterMs, UNFINISHED_STAGES],
  );
  for (const row of rows) await queue.enqueue({ tenantId: row.tenant_id, livemode: row.livemode }, row.transfer_id);
  return rows.length;
}

/** Which payout a job is about: named directly, or through the event that started it. */
async function payoutOfJob(systemPool: Pool, data: PayoutSettlementJob): Promise<{ scope: TenantScope; transferId: string } | null> {
  if (!('eventId' in data)) return { scope: { tenantId: data.tenantId, livemode: data.livemode }, transferId: data.transferId };
  const subject = await eventSubject(systemPool, data.eventId);
  return subject ? { scope: subject.scope, transferId: subject.entityId } : null;
}

/** The `payout-settlement` queue's worker, and its repeating sweep. */
export async function startPayoutSettlementWorker(settlement: PayoutSettlement, options: SettlementWorkerOptions): Promise<{ stop(): Promise<void> }> {
  const stuckAfterMs = options.stuckAfterMs ?? 15_000;
  const worker = new Worker<PayoutSettlementJob>(
    QUEUE_NAMES.payoutSettlement,
    async (job: Job<PayoutSettlementJob>) => {
      if (job.name === 'sweep') return sweepStuckPayouts(options.systemPool, options.queue, stuckAfterMs);
      const target = await payoutOfJob(options.systemPool, job.data);
      return target ? settlement.run(target.scope, target.transferId) : false;
    },
    { ...options.queues, concurrency: options.concurrency ?? 4 },
  );
  worker.on('error', () => undefined);
  const scheduler = createQueue(QUEUE_NAMES.payoutSettlement, options.queues);
  // Kept in Redis even if Redis loses it: the sweep is what rebuilds payouts' lost jobs.
  const schedulers = await keepJobSchedulers(scheduler, [
    { id: 'payout-sweep', repeat: { every: options.sweepEveryMs ?? 5_000 }, template: { name: 'sweep', opts: { removeOnComplete: true, removeOnFail: 100 } } },
  ]);
  return {
    async stop() {
      schedulers.stop();
      await worker.close();
      await scheduler.close();
    },
  };
}
