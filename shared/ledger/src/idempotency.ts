import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { withTenant, type TenantPrelude, type TenantScope } from '@orquesta/db';
import { badInput, ok, type Result } from '@orquesta/graphql';

export const IDEMPOTENCY_KEY_LENGTH_MAX = 255;
// Printable ASCII without spaces, as clients put keys in headers and logs.
const KEY_SHAPE = /^[\x21-\x7e]+$/;

export function checkIdempotencyKey(field: string, key: string): Result<string> {
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_LENGTH_MAX) return badInput(field, `must be 1 to ${IDEMPOTENCY_KEY_LENGTH_MAX} characters`);
  if (!KEY_SHAPE.test(key)) return badInput(field, 'must be printable ASCII without spaces');
  return ok(key);
}

/** A stable digest of an operation's parameters: the same request twice gives the same fingerprint. */
export function fingerprint(parameters: Record<string, string | bigint | number | boolean | null | undefined>): string {
  const canonical = Object.keys(parameters)
    .sort()
    .map((name) => [name, parameters[name] === undefined ? null : String(parameters[name])]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}

class Rollback<T> {
  constructor(readonly result: Result<T>) {}
}

function isKeyRace(error: unknown): boolean {
  const candidate = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = candidate.code ?? candidate.driverError?.code;
  const constraint = candidate.constraint ?? candidate.driverError?.constraint;
  return code === '23505' && constraint === 'idempotency_keys_pkey';
}

const KEY_RACE_ATTEMPTS_MAX = 3;

/**
 * `withTenant` for work that returns a Result: a failure rolls the whole transaction back (so
 * an expected error changes nothing), and losing the race to claim an idempotency key (two
 * different requests with one key at once) runs the work again, which then sees the winner's
 * claim and answers IDEMPOTENCY_KEY_REUSED or the original resource.
 */
export async function withTenantResult<T>(
  dataSource: DataSource,
  scope: TenantScope,
  work: (manager: EntityManager, preludeRows: unknown[]) => Promise<Result<T>>,
  prelude?: TenantPrelude,
): Promise<Result<T>> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await withTenant(
        dataSource,
        scope,
        async (manager, preludeRows) => {
          const result = await work(manager, preludeRows);
          if (!result.ok) throw new Rollback(result);
          return result;
        },
        prelude,
      );
    } catch (error) {
      if (error instanceof Rollback) return error.result as Result<T>;
      if (attempt >= KEY_RACE_ATTEMPTS_MAX || !isKeyRace(error)) throw error;
    }
  }
}
