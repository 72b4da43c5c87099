import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agent actions above their approval threshold wait as `pending_approval`, money held. */
export class AgentApprovals1732300000211 implements MigrationInterface {
  name = 'AgentApprovals1732300000211';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE payments.transfers DROP CONSTRAINT transfers_status_check');
    await runner.query(`ALTER TABLE payments.transfers ADD CONSTRAINT transfers_status_check
      CHECK (status IN ('pending', 'pending_approval', 'processing', 'requires_manual_intervention', 'completed', 'failed', 'cancelled'))`);
    await runner.query('ALTER TABLE payments.payouts DROP CONSTRAINT payouts_stage_check');
    await runner.query(`ALTER TABLE payments.payouts ADD CONSTRAINT payouts_stage_check
      CHECK (stage IN ('awaiting_approval', 'queued', 'sending', 'sent', 'settled', 'failed', 'cancelled', 'manual'))`);
    // The ledger hold behind an internal transfer that waits for approval (payouts keep theirs on the payout).
    await runner.query('ALTER TABLE payments.transfers ADD COLUMN hold_id uuid');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE payments.transfers DROP COLUMN hold_id');
  }
}
