import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TransferStatus } from '../transfers/transfer.type';
import { canMoveStage, INITIAL_STAGE, stageMove, type PayoutStage } from './payout.lifecycle';

const STAGES: readonly PayoutStage[] = ['queued', 'sending', 'sent', 'settled', 'failed', 'cancelled', 'manual'];

describe('the payout lifecycle', () => {
  test('a payout starts queued and reaches settled only through sending and sent', () => {
    assert.equal(INITIAL_STAGE, 'queued');
    assert.equal(canMoveStage('queued', 'settled'), false);
    assert.equal(canMoveStage('sending', 'settled'), false);
    assert.equal(stageMove('queued', 'sending', TransferStatus.PROCESSING), null);
    assert.equal(stageMove('sending', 'sent', TransferStatus.PROCESSING), null);
    assert.equal(stageMove('sent', 'settled', TransferStatus.PROCESSING), TransferStatus.COMPLETED);
  });

  test('final stages go nowhere, and a forbidden move throws instead of writing', () => {
    for (const final of ['settled', 'failed', 'cancelled'] as const) {
      for (const to of STAGES) {
        assert.equal(canMoveStage(final, to), false, `${final} → ${to}`);
        assert.throws(() => stageMove(final, to, TransferStatus.COMPLETED), /payout lifecycle/);
      }
    }
    // Once a rail has it, the sender can no longer cancel it.
    assert.throws(() => stageMove('sending', 'cancelled', TransferStatus.PROCESSING), /sending cannot become cancelled/);
    assert.throws(() => stageMove('sent', 'cancelled', TransferStatus.PROCESSING), /sent cannot become cancelled/);
  });

  test('a stage that stands for another transfer status moves the transfer with it', () => {
    assert.equal(stageMove('queued', 'manual', TransferStatus.PROCESSING), TransferStatus.REQUIRES_MANUAL_INTERVENTION);
    assert.equal(stageMove('manual', 'queued', TransferStatus.REQUIRES_MANUAL_INTERVENTION), TransferStatus.PROCESSING);
    assert.equal(stageMove('manual', 'failed', TransferStatus.REQUIRES_MANUAL_INTERVENTION), TransferStatus.FAILED);
    assert.equal(stageMove('queued', 'cancelled', TransferStatus.PROCESSING), TransferStatus.CANCELLED);
    // Falling over to the next rail is internal: the transfer stays processing, no event.
    assert.equal(stageMove('sent', 'queued', TransferStatus.PROCESSING), null);
    assert.equal(stageMove('sending', 'queued', TransferStatus.PROCESSING), null);
  });
});
