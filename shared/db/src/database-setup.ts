import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { APP_ROLE, SYSTEM_ROLE, databaseName, type DatabaseUrls } from './database-urls';

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  // A setup connection that drops fails the query in flight; the event must not end the process too.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Creates the database when missing, and the two roles the services connect as. */
export async function ensureDatabase(urls: DatabaseUrls, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const name = databaseName(urls.admin);
  const maintenance = new URL(urls.admin);
  maintenance.pathname = '/postgres';
  const client = await connect(maintenance.toString());
  try {
    // Roles are cluster-wide: serialize their creation across concurrent setups.
    await client.query('SELECT pg_advisory_lock(7301)');
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    }
    const password = env.ORQUESTA_DB_ROLE_PASSWORD;
    const login = password ? `LOGIN PASSWORD ${quoteLiteral(password)}` : 'LOGIN';
    for (const [role, bypass] of [[APP_ROLE, 'NOBYPASSRLS'], [SYSTEM_ROLE, 'BYPASSRLS']] as const) {
      const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const verb = found.rowCount === 0 ? 'CREATE' : 'ALTER';
      await client.query(`${verb} ROLE ${role} ${login} NOSUPERUSER NOCREATEDB NOCREATEROLE ${bypass}`);
    }
    await client.query(`GRANT CONNECT ON DATABASE ${quoteIdent(name)} TO ${APP_ROLE}, ${SYSTEM_ROLE}`);
  } finally {
    await client.query('SELECT pg_advisory_unlock(7301)').catch(() => undefined);
    await client.end();
  }
}

/**
 * Runs one subgraph's migrations as the schema owner, then grants the service roles what
 * they need. Concurrent runners (several processes starting at once) take turns.
 */
export async function migrateSchema(adminDataSource: DataSource, schema: string): Promise<string[]> {
  const lock = await connect(String((adminDataSource.options as { url?: string }).url));
  try {
    await lock.query('SELECT pg_advisory_lock(7302)');
    await lock.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    if (!adminDataSource.isInitialized) await adminDataSource.initialize();
    const applied = await adminDataSource.runMigrations({ transaction: 'each' });
    const s = quoteIdent(schema);
    await lock.query(`GRANT USAGE ON SCHEMA ${s} TO ${APP_ROLE}, ${SYSTEM_ROLE}`);
    await lock.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${APP_ROLE}, ${SYSTEM_ROLE}`);
    await lock.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${APP_ROLE}, ${SYSTEM_ROLE}`);
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock(7302)').catch(() => undefined);
    await lock.end();
  }
}

/** Tells a person how to start PostgreSQL when it cannot be reached, instead of a stack trace. */
export async function assertReachable(url: string): Promise<void> {
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  try {
    const client = await connect(maintenance.toString());
    await client.end();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `PostgreSQL is not reachable at ${maintenance.host} (${reason}).\n` +
        `Start it, for example: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n` +
        `or set DATABASE_URL to a running server.`,
    );
  }
}
