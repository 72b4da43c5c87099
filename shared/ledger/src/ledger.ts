import type { EntityManager } from 'typeorm';
import type { Actor } from '@orquesta/context';
import { queryPrepared, uuidv7, type TenantScope } from '@orquesta/db';
import { eventsInsert, shiftPlaceholders, type AlongsideStatement, type NewEvent } from '@orquesta/events';
import { badInput, fail, notFound, ok, type Result } from '@orquesta/graphql';
import { findCurrency, formatAmount } from '@orquesta/money';
import {
  balanceOf,
  flagsFor,
  LEDGER_ACCOUNT_COLUMNS,
  ledgerAccountFromRow,
  ledgerAccountId,
  violatedFlag,
  type LedgerAccount,
  type LedgerAccountRef,
  type LedgerAccountRow,
} from './ledger-account';

/** One step of a ledger call. All steps of one call are linked: they commit together or not at all. */
export type LedgerOperation =
  | {
      readonly kind: 'transfer';
      readonly debit: LedgerAccountRef;
      readonly credit: LedgerAccountRef;
      readonly amountMinor: bigint;
      /** Why the money moves ("internal_transfer", "deposit", "fee"…). */
      readonly code: string;
      /** The caller's own id for the operation (a payments transfer id, for example). */
      readonly reference?: string;
      /** Makes it a hold (pending transfer) that is released unless posted before this time. */
      readonly holdUntil?: Date;
    }
  | { readonly kind: 'post'; readonly pendingId: string; readonly amountMinor?: bigint; readonly reference?: string }
  | { readonly kind: 'void'; readonly pendingId: string; readonly reference?: string }
  | { readonly kind: 'expire'; readonly pendingId: string };

export type TransferKind = 'immediate' | 'pending' | 'post_pending' | 'void_pending' | 'expire_pending';
export type PendingState = 'pending' | 'posted' | 'voided' | 'expired';

export interface LedgerTransfer {
  readonly id: string;
  readonly kind: TransferKind;
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly pendingId: string | null;
  state: PendingState | null;
  readonly expiresAt: Date | null;
  readonly code: string;
  readonly reference: string | null;
}

/** Binds an idempotency key to the resource the call creates. */
export interface IdempotencyClaim {
  readonly key: string;
  /** The operation's name; the same key used for another operation is a reuse. */
  readonly operation: string;
  /** A digest of the parameters (see `fingerprint`). */
  readonly fingerprint: string;
  /** What a retry with the same key gets back. */
  readonly resourceId: string;
}

export interface ExecuteOptions {
  readonly actor?: Actor;
  readonly idempotency?: IdempotencyClaim;
  /**
   * The caller's own record writes, run as part of the ledger's write statement: one round
   * trip, and only if the movement is written (never on a replay).
   */
  readonly alongside?: readonly AlongsideStatement[];
  /**
   * The caller's events for this commit. They are written with the `balance.changed` events
   * in the statement's one outbox insert (built by `@orquesta/events`), after them, in order.
   */
  readonly events?: readonly NewEvent[];
  /** The clock holds are judged against (tests move it). */
  readonly now?: Date;
}

export type LedgerOutcome =
  | { readonly replayed: false; readonly transfers: readonly LedgerTransfer[]; readonly accounts: readonly LedgerAccount[] }
  | { readonly replayed: true; readonly resourceId: string };

interface TransferRow {
  id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount_minor: string;
  currency: string;
  kind: TransferKind;
  pending_id: string | null;
  state: PendingState | null;
  expires_at: Date | null;
  code: string;
  reference: string | null;
}

interface PriorClaim {
  operation: string;
  fingerprint: string;
  resource_id: string;
}

interface Locked {
  readonly accounts: Map<string, LedgerAccount>;
  /** The key's claim as the lock statement saw it; undefined when it could not tell. */
  readonly prior: PriorClaim | null | undefined;
}

/** The same key with the same operation and parameters is a retry; with anything else, a reuse. */
function judgeClaim(claim: IdempotencyClaim, prior: PriorClaim | null): Result<string | null> {
  if (!prior) return ok(null);
  if (prior.operation !== claim.operation || prior.fingerprint !== claim.fingerprint) return fail({ code: 'IDEMPOTENCY_KEY_REUSED', key: claim.key });
  return ok(prior.resource_id);
}

/** A recorded claim ends the call: the original resource, or the reuse error. Null: go on. */
function answerFromClaim(judged: Result<string | null>): Result<LedgerOutcome> | null {
  if (!judged.ok) return judged;
  return judged.value ? ok({ replayed: true, resourceId: judged.value }) : null;
}

interface EntryDraft {
  readonly id: string;
  readonly accountId: string;
  readonly transferId: string;
  readonly direction: 'debit' | 'credit';
  readonly phase: 'pending' | 'posted' | 'released';
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly balanceAfterMinor: bigint;
  readonly version: bigint;
}

const TRANSFER_COLUMNS =
  'id, debit_account_id, credit_account_id, amount_minor::text, currency, kind, pending_id, state, expires_at, code, reference';
const OPERATIONS_MAX = 100;
// Advisory-lock namespace shared with lockEntities: one entity id, one lock.
const ENTITY_LOCK_SEED = 7304;

function transferFromRow(row: TransferRow): LedgerTransfer {
  return {
    id: row.id,
    kind: row.kind,
    debitAccountId: row.debit_account_id,
    creditAccountId: row.credit_account_id,
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
    pendingId: row.pending_id,
    state: row.state,
    expiresAt: row.expires_at,
    code: row.code,
    reference: row.reference,
  };
}

function checkShape(operations: readonly LedgerOperation[], now: Date): Result<null> {
  if (operations.length === 0 || operations.length > OPERATIONS_MAX) return badInput('operations', `must hold 1 to ${OPERATIONS_MAX} steps`);
  for (const operation of operations) {
    if (operation.kind === 'transfer') {
      if (operation.amountMinor <= 0n) return badInput('amount', 'must be greater than zero');
      if (operation.debit.currency !== operation.credit.currency) return badInput('amount.currency', 'both sides of a transfer must use the same currency');
      if (!findCurrency(operation.debit.currency)) return badInput('amount.currency', `unknown currency "${operation.debit.currency}"`);
      if (operation.holdUntil && operation.holdUntil.getTime() <= now.getTime()) return badInput('holdUntil', 'must be in the future');
    } else if (operation.kind === 'post' && operation.amountMinor !== undefined && operation.amountMinor <= 0n) {
      return badInput('amount', 'must be greater than zero; void a hold to release all of it');
    }
  }
  return ok(null);
}

/**
 * The double-entry ledger, used inside the caller's own transaction (modelled on TigerBeetle:
 * four cumulative columns per account, immutable transfers, holds that are posted, voided or
 * expire). One call:
 *  1. locks every touched account, advisory lock then `FOR UPDATE`, in ascending id order
 *     (no deadlock between calls, and per-account outbox order equals commit order);
 *  2. answers a repeated idempotency key with the original resource, or refuses a reused one
 *     (the claim is read by the lock statement, and again if a step fails);
 *  3. applies the steps in memory, in order, checking the balance flags after each;
 *  4. writes balances, journal, entries, hold resolutions, the key, the commit's events
 *     (`balance.changed` and the caller's, one outbox insert) and the caller's `alongside`
 *     writes in one statement.
 * A failed step writes nothing; the caller rolls its transaction back (see withTenantResult).
 */
export function createLedger() {
  /**
   * Locks the accounts and, in the same statement, reads the idempotency key's claim if any.
   * The claim is read as of the statement's start, before any lock wait: a retry racing its
   * first request can miss it here, and is caught later (see `execute`).
   */
  async function lockAccounts(manager: EntityManager, scope: TenantScope, ids: readonly string[], key: string | null = null): Promise<Locked> {
    const sorted = [...new Set(ids)].sort();
    // The advisory locks come first, in the one-time filter, before any row lock: a row lock
    // gives the transaction its id, and waiting for one with an id already taken would let
    // a later commit carry the smaller id (and publish its events first).
    const rows = await queryPrepared<LedgerAccountRow & { prior: PriorClaim | null }>(
      manager,
      'ledger_lock_accounts',
      `WITH serialized AS MATERIALIZED (
         SELECT count(pg_advisory_xact_lock(hashtextextended(id::text, ${ENTITY_LOCK_SEED}))) AS locks
           FROM (SELECT id FROM unnest($1::uuid[]) AS ids (id) ORDER BY id) AS sorted),
       prior AS (
         SELECT operation, fingerprint, resource_id FROM ledger.idempotency_keys WHERE tenant_id = $2 AND livemode = $3 AND key = $4)
       SELECT ${LEDGER_ACCOUNT_COLUMNS}, (SELECT row_to_json(prior) FROM prior) AS prior FROM ledger.accounts
        WHERE id = ANY($1::uuid[]) AND tenant_id = $2 AND livemode = $3 AND (SELECT locks FROM serialized) IS NOT NULL
        ORDER BY id FOR UPDATE`,
      [sorted, scope.tenantId, scope.livemode, key],
    );
    return {
      accounts: new Map(rows.map((row) => [row.id, ledgerAccountFromRow(row)])),
      // No row, no answer: the claim must then be read on its own.
      prior: rows.length > 0 ? rows[0].prior : undefined,
    };
  }

  async function createAccounts(manager: EntityManager, scope: TenantScope, refs: ReadonlyMap<string, LedgerAccountRef>): Promise<LedgerAccount[]> {
    const ids = [...refs.keys()].sort();
    const list = ids.map((id) => refs.get(id)!);
    await manager.query(
      `INSERT INTO ledger.accounts (id, tenant_id, livemode, owner_id, code, qualifier, currency, debits_must_not_exceed_credits, credits_must_not_exceed_debits)
       SELECT a.id, $1, $2, a.owner_id, a.code, a.qualifier, a.currency, a.dmnec, a.cmned
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::boolean[])
           AS a (id, owner_id, code, qualifier, currency, dmnec, cmned)
       ON CONFLICT (id) DO NOTHING`,
      [
        scope.tenantId,
        scope.livemode,
        ids,
        list.map((ref) => ref.ownerId),
        list.map((ref) => ref.code),
        list.map((ref) => ref.qualifier ?? ''),
        list.map((ref) => ref.currency),
        list.map((ref) => flagsFor(ref.code).debitsMustNotExceedCredits),
        list.map((ref) => flagsFor(ref.code).creditsMustNotExceedDebits),
      ],
    );
    return [...(await lockAccounts(manager, scope, ids)).accounts.values()];
  }

  async function findPending(manager: EntityManager, scope: TenantScope, ids: readonly string[], lock: boolean): Promise<Map<string, LedgerTransfer>> {
    const rows: TransferRow[] = await manager.query(
      `SELECT ${TRANSFER_COLUMNS} FROM ledger.transfers
        WHERE id = ANY($1::uuid[]) AND tenant_id = $2 AND livemode = $3${lock ? ' ORDER BY id FOR UPDATE' : ''}`,
      [ids, scope.tenantId, scope.livemode],
    );
    return new Map(rows.map((row) => [row.id, transferFromRow(row)]));
  }

  async function readClaim(manager: EntityManager, scope: TenantScope, key: string): Promise<PriorClaim | null> {
    const rows = await queryPrepared<PriorClaim>(
      manager,
      'ledger_prior_claim',
      'SELECT operation, fingerprint, resource_id FROM ledger.idempotency_keys WHERE tenant_id = $1 AND livemode = $2 AND key = $3',
      [scope.tenantId, scope.livemode, key],
    );
    return rows[0] ?? null;
  }

  async function execute(
    manager: EntityManager,
    scope: TenantScope,
    operations: readonly LedgerOperation[],
    options: ExecuteOptions = {},
  ): Promise<Result<LedgerOutcome>> {
    const now = options.now ?? new Date();
    const shape = checkShape(operations, now);
    if (!shape.ok) return shape;

    // Which accounts the steps touch: named ones, and the two sides of every hold they resolve.
    const refs = new Map<string, LedgerAccountRef>();
    const pendingIds: string[] = [];
    for (const operation of operations) {
      if (operation.kind === 'transfer') {
        const debitId = ledgerAccountId(scope, operation.debit);
        const creditId = ledgerAccountId(scope, operation.credit);
        if (debitId === creditId) return badInput('to', 'must be a different account from the one debited');
        refs.set(debitId, operation.debit);
        refs.set(creditId, operation.credit);
      } else {
        pendingIds.push(operation.pendingId);
      }
    }
    const holds = pendingIds.length > 0 ? await findPending(manager, scope, pendingIds, false) : new Map<string, LedgerTransfer>();
    const missingHold = pendingIds.find((id) => !holds.has(id) || holds.get(id)!.kind !== 'pending');
    if (missingHold) return notFound('PendingTransfer', missingHold);
    const accountIds = new Set(refs.keys());
    for (const hold of holds.values()) accountIds.add(hold.debitAccountId).add(hold.creditAccountId);

    const claim = options.idempotency;
    const locked = await lockAccounts(manager, scope, [...accountIds], claim?.key ?? null);
    if (claim) {
      const early = answerFromClaim(judgeClaim(claim, locked.prior !== undefined ? locked.prior : await readClaim(manager, scope, claim.key)));
      if (early) return early;
    }
    const result = await applyAndWrite(manager, scope, operations, refs, locked.accounts, holds, now, options);
    if (result.ok || !claim) return result;
    // A retry that raced its first request waited for the locks and may find the money already
    // gone; the first request's key, committed meanwhile, is then the answer, not the failure.
    return answerFromClaim(judgeClaim(claim, await readClaim(manager, scope, claim.key))) ?? result;
  }

  async function applyAndWrite(
    manager: EntityManager,
    scope: TenantScope,
    operations: readonly LedgerOperation[],
    refs: ReadonlyMap<string, LedgerAccountRef>,
    accounts: Map<string, LedgerAccount>,
    holds: Map<string, LedgerTransfer>,
    now: Date,
    options: ExecuteOptions,
  ): Promise<Result<LedgerOutcome>> {
    const absent = new Map([...refs].filter(([id]) => !accounts.has(id)));
    // Paying from a currency the account never held is a wrong currency, not a lack of funds.
    for (const operation of operations) {
      if (operation.kind !== 'transfer' || !flagsFor(operation.debit.code).debitsMustNotExceedCredits) continue;
      if (absent.has(ledgerAccountId(scope, operation.debit))) {
        return badInput('amount.currency', `the paying account holds no ${operation.debit.currency} balance`);
      }
    }
    if (absent.size > 0) for (const account of await createAccounts(manager, scope, absent)) accounts.set(account.id, account);
    // Locked now, so a hold's state read here is the one this call changes.
    if (holds.size > 0) for (const [id, hold] of await findPending(manager, scope, [...holds.keys()], true)) holds.set(id, hold);

    const applied = apply(scope, operations, accounts, holds, now);
    if (!applied.ok) return applied;
    await write(manager, scope, applied.value, options);
    return ok({ replayed: false, transfers: applied.value.transfers, accounts: applied.value.touched });
  }

  return { execute };
}

export type Ledger = ReturnType<typeof createLedger>;

interface Applied {
  readonly transfers: LedgerTransfer[];
  readonly resolved: LedgerTransfer[];
  readonly entries: EntryDraft[];
  readonly touched: LedgerAccount[];
  /** The last caller reference that touched each account, for its balance event. */
  readonly references: Map<string, string | null>;
}

/** Applies the steps in order on copies of the locked accounts; nothing is written here. */
function apply(
  scope: TenantScope,
  operations: readonly LedgerOperation[],
  locked: ReadonlyMap<string, LedgerAccount>,
  holds: ReadonlyMap<string, LedgerTransfer>,
  now: Date,
): Result<Applied> {
  const accounts = new Map([...locked].map(([id, account]) => [id, { ...account }]));
  const states = new Map([...holds].map(([id, hold]) => [id, { ...hold }]));
  const transfers: LedgerTransfer[] = [];
  const entries: EntryDraft[] = [];
  const touched = new Set<string>();
  const references = new Map<string, string | null>();

  function entry(account: LedgerAccount, transferId: string, direction: 'debit' | 'credit', phase: EntryDraft['phase'], amountMinor: bigint) {
    account.version += 1n;
    entries.push({
      id: uuidv7(),
      accountId: account.id,
      transferId,
      direction,
      phase,
      amountMinor,
      currency: account.currency,
      balanceAfterMinor: account.creditsPostedMinor - account.debitsPostedMinor,
      version: account.version,
    });
  }

  for (const operation of operations) {
    let transfer: LedgerTransfer;
    let debit: LedgerAccount;
    let credit: LedgerAccount;
    const before = new Map<string, bigint>();

    if (operation.kind === 'transfer') {
      debit = accounts.get(ledgerAccountId(scope, operation.debit))!;
      credit = accounts.get(ledgerAccountId(scope, operation.credit))!;
      before.set(debit.id, balanceOf(debit).availableMinor);
      const pending = operation.holdUntil !== undefined;
      transfer = {
        id: uuidv7(),
        kind: pending ? 'pending' : 'immediate',
        debitAccountId: debit.id,
        creditAccountId: credit.id,
        amountMinor: operation.amountMinor,
        currency: debit.currency,
        pendingId: null,
        state: pending ? 'pending' : null,
        expiresAt: operation.holdUntil ?? null,
        code: operation.code,
        reference: operation.reference ?? null,
      };
      if (pending) {
        debit.debitsPendingMinor += operation.amountMinor;
        credit.creditsPendingMinor += operation.amountMinor;
      } else {
        debit.debitsPostedMinor += operation.amountMinor;
        credit.creditsPostedMinor += operation.amountMinor;
      }
      entry(debit, transfer.id, 'debit', pending ? 'pending' : 'posted', operation.amountMinor);
      entry(credit, transfer.id, 'credit', pending ? 'pending' : 'posted', operation.amountMinor);
      states.set(transfer.id, transfer);
    } else {
      const hold = states.get(operation.pendingId)!;
      if (hold.state !== 'pending') return fail({ code: 'CONFLICT', message: `the hold ${hold.id} is already ${hold.state}` });
      const due = hold.expiresAt !== null && hold.expiresAt.getTime() <= now.getTime();
      if (operation.kind === 'expire' && !due) return fail({ code: 'CONFLICT', message: `the hold ${hold.id} has not expired` });
      if (operation.kind !== 'expire' && due) return fail({ code: 'CONFLICT', message: `the hold ${hold.id} has expired` });
      debit = accounts.get(hold.debitAccountId)!;
      credit = accounts.get(hold.creditAccountId)!;
      const postedMinor = operation.kind === 'post' ? (operation.amountMinor ?? hold.amountMinor) : 0n;
      if (postedMinor > hold.amountMinor) return badInput('amount', `must not exceed the held ${formatAmount(hold.amountMinor, hold.currency)}`);
      const releasedMinor = hold.amountMinor - postedMinor;
      const kind = operation.kind === 'post' ? 'post_pending' : operation.kind === 'void' ? 'void_pending' : 'expire_pending';
      transfer = {
        id: uuidv7(),
        kind,
        debitAccountId: debit.id,
        creditAccountId: credit.id,
        amountMinor: operation.kind === 'post' ? postedMinor : hold.amountMinor,
        currency: hold.currency,
        pendingId: hold.id,
        state: null,
        expiresAt: null,
        code: hold.code,
        reference: operation.kind === 'expire' ? hold.reference : (operation.reference ?? hold.reference),
      };
      hold.state = operation.kind === 'post' ? 'posted' : operation.kind === 'void' ? 'voided' : 'expired';
      debit.debitsPendingMinor -= hold.amountMinor;
      credit.creditsPendingMinor -= hold.amountMinor;
      debit.debitsPostedMinor += postedMinor;
      credit.creditsPostedMinor += postedMinor;
      if (postedMinor > 0n) {
        entry(debit, transfer.id, 'debit', 'posted', postedMinor);
        entry(credit, transfer.id, 'credit', 'posted', postedMinor);
      }
      if (releasedMinor > 0n) {
        entry(debit, transfer.id, 'debit', 'released', releasedMinor);
        entry(credit, transfer.id, 'credit', 'released', releasedMinor);
      }
    }

    for (const account of [debit, credit]) {
      if (account.closedAt) return fail({ code: 'CONFLICT', message: `the ${account.currency} ledger account ${account.id} is closed` });
      const flag = violatedFlag(account);
      if (!flag) continue;
      if (account.code === 'customer_balance' || account.code === 'stream_escrow') {
        const available = before.get(account.id) ?? balanceOf(locked.get(account.id)!).availableMinor;
        return fail({ code: 'INSUFFICIENT_FUNDS', accountId: account.ownerId, currency: account.currency, available: formatAmount(available, account.currency) });
      }
      return fail({ code: 'CONFLICT', message: `the transfer would break ${flag} on ledger account ${account.id}` });
    }
    transfers.push(transfer);
    touched.add(debit.id).add(credit.id);
    references.set(debit.id, transfer.reference).set(credit.id, transfer.reference);
  }

  assertBalancedJournal(entries);
  const resolved = [...states.values()].filter((state) => holds.has(state.id) && state.state !== 'pending');
  return ok({ transfers, resolved, entries, touched: [...touched].map((id) => accounts.get(id)!), references });
}

/** Every transfer's debits equal its credits, phase by phase; anything else is a bug, not a client error. */
function assertBalancedJournal(entries: readonly EntryDraft[]): void {
  const sums = new Map<string, bigint>();
  for (const entry of entries) {
    const key = `${entry.transferId}|${entry.phase}|${entry.currency}`;
    sums.set(key, (sums.get(key) ?? 0n) + (entry.direction === 'debit' ? entry.amountMinor : -entry.amountMinor));
  }
  for (const [key, sum] of sums) if (sum !== 0n) throw new Error(`ledger: unbalanced journal for ${key} (${sum})`);
}

async function write(manager: EntityManager, scope: TenantScope, applied: Applied, options: ExecuteOptions): Promise<void> {
  const { transfers, resolved, entries, touched, references } = applied;
  const announced = touched.filter((account) => account.code === 'customer_balance');
  const claim = options.idempotency;
  const LEDGER_PARAMS = 35;
  // One outbox insert for the whole commit: the balances first, then the caller's events.
  const events = eventsInsert(scope, [
    ...announced.map((account): NewEvent => ({
      type: 'balance.changed',
      entityType: 'Account',
      entityId: account.ownerId,
      entityVersion: Number(account.version % 2_147_483_647n),
      payload: balancePayload(account, references.get(account.id) ?? null),
      actor: options.actor,
    })),
    ...(options.events ?? []),
  ]);
  const statements = [events, ...(options.alongside ?? [])];
  const extraParams: unknown[] = [];
  const extraCtes = statements.map((statement, index) => {
    const sql = shiftPlaceholders(statement.sql, LEDGER_PARAMS + extraParams.length);
    extraParams.push(...statement.params);
    return `,\n       alongside_${index} AS (${sql})`;
  });
  const [counts] = await queryPrepared<{ moved: number; journal: number; entries: number }>(
    manager,
    ['ledger_write', ...statements.map((statement) => statement.name)].join('+'),
    `WITH
       moved AS (
         UPDATE ledger.accounts a
            SET debits_pending = v.dp, debits_posted = v.dpo, credits_pending = v.cp, credits_posted = v.cpo, version = v.version, updated_at = now()
           FROM unnest($3::uuid[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[], $8::bigint[]) AS v (id, dp, dpo, cp, cpo, version)
          WHERE a.id = v.id AND a.tenant_id = $1 AND a.livemode = $2
         RETURNING 1),
       journal AS (
         INSERT INTO ledger.transfers (id, tenant_id, livemode, debit_account_id, credit_account_id, amount_minor, currency, kind, pending_id, state, expires_at, code, reference, linked_group)
         SELECT t.id, $1, $2, t.debit, t.credit, t.amount, t.currency, t.kind, t.pending_id, t.state, t.expires_at, t.code, t.reference, $9
           FROM unnest($10::uuid[], $11::uuid[], $12::uuid[], $13::numeric[], $14::text[], $15::text[], $16::uuid[], $17::text[], $18::timestamptz[], $19::text[], $20::text[])
             AS t (id, debit, credit, amount, currency, kind, pending_id, state, expires_at, code, reference)
         RETURNING 1),
       resolved AS (
         UPDATE ledger.transfers p SET state = r.state, resolved_at = now()
           FROM unnest($21::uuid[], $22::text[]) AS r (id, state)
          WHERE p.id = r.id AND p.tenant_id = $1 AND p.livemode = $2
         RETURNING 1),
       written AS (
         INSERT INTO ledger.entries (id, tenant_id, livemode, account_id, transfer_id, direction, phase, amount_minor, currency, balance_after_minor, account_version)
         SELECT e.id, $1, $2, e.account_id, e.transfer_id, e.direction, e.phase, e.amount, e.currency, e.balance_after, e.version
           FROM unnest($23::uuid[], $24::uuid[], $25::uuid[], $26::text[], $27::text[], $28::numeric[], $29::text[], $30::numeric[], $31::bigint[])
             AS e (id, account_id, transfer_id, direction, phase, amount, currency, balance_after, version)
         RETURNING 1),
       claimed AS (
         INSERT INTO ledger.idempotency_keys (tenant_id, livemode, key, operation, fingerprint, resource_id)
         SELECT $1, $2, $32::text, $33::text, $34::text, $35::uuid WHERE $32::text IS NOT NULL
         RETURNING 1)${extraCtes.join('')}
     SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT count(*) FROM journal)::int AS journal, (SELECT count(*) FROM written)::int AS entries`,
    [
      scope.tenantId,
      scope.livemode,
      touched.map((a) => a.id),
      touched.map((a) => a.debitsPendingMinor.toString()),
      touched.map((a) => a.debitsPostedMinor.toString()),
      touched.map((a) => a.creditsPendingMinor.toString()),
      touched.map((a) => a.creditsPostedMinor.toString()),
      touched.map((a) => a.version.toString()),
      transfers[0].id,
      transfers.map((t) => t.id),
      transfers.map((t) => t.debitAccountId),
      transfers.map((t) => t.creditAccountId),
      transfers.map((t) => t.amountMinor.toString()),
      transfers.map((t) => t.currency),
      transfers.map((t) => t.kind),
      transfers.map((t) => t.pendingId),
      transfers.map((t) => t.state),
      transfers.map((t) => t.expiresAt),
      transfers.map((t) => t.code),
      transfers.map((t) => t.reference),
      resolved.map((t) => t.id),
      resolved.map((t) => t.state),
      entries.map((e) => e.id),
      entries.map((e) => e.accountId),
      entries.map((e) => e.transferId),
      entries.map((e) => e.direction),
      entries.map((e) => e.phase),
      entries.map((e) => e.amountMinor.toString()),
      entries.map((e) => e.currency),
      entries.map((e) => e.balanceAfterMinor.toString()),
      entries.map((e) => e.version.toString()),
      claim?.key ?? null,
      claim?.operation ?? null,
      claim?.fingerprint ?? null,
      claim?.resourceId ?? null,
      ...extraParams,
    ],
  );
  // Asserted after the write as well as before it: every touched row was updated, every step journaled.
  if (counts.moved !== touched.length || counts.journal !== transfers.length || counts.entries !== entries.length) {
    throw new Error(`ledger: write mismatch ${JSON.stringify(counts)} for ${touched.length} accounts, ${transfers.length} transfers`);
  }
}

/** The `balance.changed` payload: the account's balance after the change, as decimal strings. */
function balancePayload(account: LedgerAccount, reference: string | null): Record<string, unknown> {
  const balance = balanceOf(account);
  return {
    accountId: account.ownerId,
    currency: account.currency,
    available: formatAmount(balance.availableMinor, account.currency),
    pending: formatAmount(balance.pendingMinor, account.currency),
    total: formatAmount(balance.totalMinor, account.currency),
    incoming: formatAmount(balance.incomingMinor, account.currency),
    reference,
  };
}
