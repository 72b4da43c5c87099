import { DEFAULT_DATABASE_URL, redisNamespace } from './redis-namespace';

/** Process configuration, read once from the environment with the documented defaults. */
export interface OrquestaConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** What every Redis key, queue and channel of this deployment starts with (see redisNamespace). */
  readonly redisPrefix: string;
  readonly contextSecret: string;
  readonly port: number;
  readonly production: boolean;
}

const DEV_CONTEXT_SECRET = 'orquesta-development-context-secret-not-for-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): OrquestaConfig {
  const production = env.NODE_ENV === 'production';
  const contextSecret = env.ORQUESTA_CONTEXT_SECRET ?? (production ? '' : DEV_CONTEXT_SECRET);
  if (contextSecret.length < 32) {
    throw new Error('ORQUESTA_CONTEXT_SECRET must be set to at least 32 characters in production');
  }
  return {
    databaseUrl: env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: redisNamespace(env),
    contextSecret,
    port: Number.parseInt(env.PORT ?? '4000', 10),
    production,
  };
}
