import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@orquesta/context';
import { uuidv7, type TenantPrelude, type TenantScope } from '@orquesta/db';
import type { AlongsideStatement, NewEvent } from '@orquesta/events';
import { ok, type Result } from '@orquesta/graphql';
import { checkIdempotencyKey, fingerprint, withTenantResult } from './idempotency';
import type { Ledger, LedgerOperation, LedgerTransfer } from './ledger';
import type { LedgerAccount } from './ledger-account';

export type FingerprintParameters = Parameters<typeof fingerprint>[0];

/** What the transaction sees before it moves money. */
export interface MoneyPlanContext {
  /** The id of the resource this call creates; a retry gets the original one back instead. */
  readonly resourceId: string;
  /** The rows of the mutation's `prelude` read. */
  readonly preludeRows: unknown[];
  readonly now: Date;
}

/** What the money movement writes, all in the ledger's one statement. */
export interface MoneyMovement<T> {
  readonly operations: readonly LedgerOperation[];
  /** The caller's record (its row), written with the movement, never on a replay. */
  readonly writes?: readonly AlongsideStatement[];
  /** The commit's events besides `balance.changed`: one outbox insert carries them all. */
  readonly events?: readonly NewEvent[];
  /**
   * Further work in the same transaction once the money has moved, never on a replay: a row
   * that needs the ledger's ids, another module's work that must be atomic with the movement
   * (e.g. `agents.reserveUsage(tx, …)`). Its failure rolls everything back. Its value is the result.
   */
  within(tx: EntityManager, moved: { readonly transfers: readonly LedgerTransfer[]; readonly accounts: readonly LedgerAccount[] }): Promise<Result<T>> | Result<T>;
}

export interface MoneyMutation<T> {
  readonly scope: TenantScope;
  readonly actor: Actor;
  /** The idempotency operation's name: the same key used for another operation is a reuse. */
  readonly operation: string;
  readonly idempotencyKey: string;
  /** Where a malformed key is reported (default `input.idempotencyKey`). */
  readonly keyField?: string;
  /** Everything a retry must repeat; another value under the same key is IDEMPOTENCY_KEY_REUSED. */
  readonly parameters: FingerprintParameters;
  /** A read that rides with BEGIN (one round trip), for checks such as "the accounts are the tenant's". */
  readonly prelude?: TenantPrelude;
  /** In the transaction, before money moves: checks and reads only (it runs again if a key race retries). */
  plan(tx: EntityManager, context: MoneyPlanContext): Promise<Result<MoneyMovement<T>>> | Result<MoneyMovement<T>>;
  /** A retry with the same key and parameters: the original resource as it is now, read after the retry's transaction. */
  replay(resourceId: string): Promise<Result<T>>;
}

/**
 * The money path every money-moving mutation takes, so the skeleton is written once: the
 * idempotency key is checked and claimed for a new resource id, one tenant transaction holds
 * the caller's checks, the balanced ledger movement, the caller's record and every event of
 * the commit (one statement), and the caller's further work; an expected failure anywhere
 * rolls all of it back; a retry gets the original resource (`replay`), never a second movement.
 *
 * Amounts are parsed before (`checkPositiveAmount`): the fingerprint and any pricing need them.
 */
export function createMoneyPath(deps: { readonly dataSource: DataSource; readonly ledger: Ledger }) {
  return async function moveMoney<T>(mutation: MoneyMutation<T>): Promise<Result<T>> {
    const key = checkIdempotencyKey(mutation.keyField ?? 'input.idempotencyKey', mutation.idempotencyKey);
    if (!key.ok) return key;
    const { scope } = mutation;
    const resourceId = uuidv7();
    const claim = { key: key.value, operation: mutation.operation, fingerprint: fingerprint(mutation.parameters), resourceId };
    const outcome = await withTenantResult(
      deps.dataSource,
      scope,
      async (tx, preludeRows): Promise<Result<{ readonly replayOf: string } | { readonly value: T }>> => {
        const movement = await mutation.plan(tx, { resourceId, preludeRows, now: new Date() });
        if (!movement.ok) return movement;
        const { operations, writes, events, within } = movement.value;
        const moved = await deps.ledger.execute(tx, scope, operations, { actor: mutation.actor, idempotency: claim, alongside: writes, events });
        if (!moved.ok) return moved;
        if (moved.value.replayed) return ok({ replayOf: moved.value.resourceId });
        const value = await within(tx, moved.value);
        return value.ok ? ok({ value: value.value }) : value;
      },
      mutation.prelude,
    );
    if (!outcome.ok) return outcome;
    return 'replayOf' in outcome.value ? mutation.replay(outcome.value.replayOf) : ok(outcome.value.value);
  };
}

export type MoneyPath = ReturnType<typeof createMoneyPath>;
