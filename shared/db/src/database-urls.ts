/** The three PostgreSQL identities Orquesta uses, all on one database. */
export interface DatabaseUrls {
  /** Owner of the schemas: creates the database, roles and runs migrations. */
  readonly admin: string;
  /** Request handling: row-level security applies (NOBYPASSRLS, not a superuser). */
  readonly app: string;
  /** Relay, workers and seeding: crosses tenants on purpose (BYPASSRLS). */
  readonly system: string;
}

export const APP_ROLE = 'orquesta_app';
export const SYSTEM_ROLE = 'orquesta_system';

function withUser(url: string, user: string, password: string | undefined): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password ?? '';
  return parsed.toString();
}

export function databaseUrls(databaseUrl: string, env: NodeJS.ProcessEnv = process.env): DatabaseUrls {
  const password = env.ORQUESTA_DB_ROLE_PASSWORD;
  return {
    admin: databaseUrl,
    app: env.APP_DATABASE_URL ?? withUser(databaseUrl, APP_ROLE, password),
    system: env.SYSTEM_DATABASE_URL ?? withUser(databaseUrl, SYSTEM_ROLE, password),
  };
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}
