/**
 * Everything a deployment puts in one Redis (BullMQ queues, pub/sub channels, rate-limit and
 * lockout keys, caches) starts with its namespace, so dev, tests and staging can share a Redis
 * without taking each other's jobs or hearing each other's events.
 *
 * `ORQUESTA_REDIS_PREFIX` sets it; by default it is `orquesta:<database name>`: two
 * deployments on one database are one deployment (they share the outbox), so they share it too.
 */
export function redisNamespace(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.ORQUESTA_REDIS_PREFIX?.trim();
  if (explicit) return explicit.replace(/:+$/, '');
  const databaseUrl = env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || 'orquesta';
  return `orquesta:${database}`;
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/orquesta';

/** A key or channel inside a namespace: `redisKey('orquesta:dev', 'events', tenantId)`. */
export function redisKey(namespace: string, ...parts: string[]): string {
  if (!namespace) throw new Error('a Redis key needs a namespace');
  return [namespace, ...parts].join(':');
}
