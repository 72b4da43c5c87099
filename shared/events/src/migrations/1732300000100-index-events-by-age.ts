import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Retention deletes by age: an index on created_at keeps that a range scan. */
export class IndexEventsByAge1732300000100 implements MigrationInterface {
  name = 'IndexEventsByAge1732300000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX events_created_at ON events.events (created_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX events.events_created_at');
  }
}
