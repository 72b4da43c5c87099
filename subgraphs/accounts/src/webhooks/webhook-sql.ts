import type { Pool } from 'pg';
import type { EntityManager } from 'typeorm';

/** Runs one statement and returns its rows: the same lifecycle code runs in a request's transaction or a worker's pool. */
export type Sql = <Row = Record<string, unknown>>(text: string, params?: readonly unknown[]) => Promise<Row[]>;

export function poolSql(pool: Pool): Sql {
  return async (text, params = []) => (await pool.query(text, params as unknown[])).rows;
}

// Write statements are wrapped in a CTE by their authors, so TypeORM returns plain rows for them too.
export function managerSql(manager: EntityManager): Sql {
  return (text, params = []) => manager.query(text, params as unknown[]);
}
