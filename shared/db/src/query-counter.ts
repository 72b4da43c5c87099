import type { Logger, QueryRunner } from 'typeorm';
import { createLogger } from '@orquesta/context';

const log = createLogger('db');

/**
 * TypeORM logger that counts statements (for N+1 checks) and reports failed queries without
 * their parameters, which may hold personal data.
 */
export class CountingLogger implements Logger {
  statements = 0;
  private readonly recent: string[] = [];

  logQuery(query: string, _parameters?: unknown[], _runner?: QueryRunner): void {
    this.statements += 1;
    if (this.recent.length < 200) this.recent.push(query);
  }

  logQueryError(error: string | Error, query: string): void {
    const message = typeof error === 'string' ? error : error.message;
    log.error('query failed', { error: message, query: query.slice(0, 200) });
  }

  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  /** Starts a fresh count and returns a function that reads it with the statements seen. */
  begin(): () => { count: number; statements: string[] } {
    const start = this.statements;
    this.recent.length = 0;
    return () => ({ count: this.statements - start, statements: [...this.recent] });
  }
}
