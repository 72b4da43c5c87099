import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrls } from '@orquesta/db';
import { testDatabaseUrl } from './test-environment';

export interface UnrelatedTransactions {
  /** The transaction ids they hold (both below the server-wide xmin while they run). */
  readonly xids: readonly string[];
  release(): Promise<void>;
}

/**
 * Two write transactions held open that can write no event of the test database: one in a
 * throwaway database on the same server, one here on a temporary table. Released (and the
 * throwaway database dropped) by `release()`, which callers put in a `finally`.
 */
export async function holdUnrelatedTransactions(): Promise<UnrelatedTransactions> {
  const adminUrl = databaseUrls(testDatabaseUrl()).admin;
  const admin = new Client({ connectionString: adminUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  const otherName = `orquesta_unrelated_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin.query(`CREATE DATABASE ${otherName}`);
  const otherUrl = new URL(adminUrl);
  otherUrl.pathname = `/${otherName}`;
  const other = new Client({ connectionString: otherUrl.toString(), application_name: 'orquesta-test-unrelated' });
  const here = new Client({ connectionString: adminUrl, application_name: 'orquesta-test-unrelated' });
  other.on('error', () => undefined);
  here.on('error', () => undefined);
  const open = async (client: Client): Promise<string> => {
    await client.connect();
    const results = (await client.query(
      'BEGIN; CREATE TEMP TABLE held (x int); INSERT INTO held VALUES (1); SELECT pg_current_xact_id()::text AS xid',
    )) as unknown as Array<{ rows: Array<{ xid: string }> }>;
    return results[3].rows[0].xid;
  };
  const xids: string[] = [];
  try {
    xids.push(await open(other), await open(here));
  } catch (error) {
    await other.end().catch(() => undefined);
    await here.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${otherName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    throw error;
  }
  return {
    xids,
    async release() {
      for (const client of [here, other]) {
        await client.query('ROLLBACK').catch(() => undefined);
        await client.end().catch(() => undefined);
      }
      await admin.query(`DROP DATABASE IF EXISTS ${otherName} WITH (FORCE)`);
      await admin.end();
    },
  };
}
