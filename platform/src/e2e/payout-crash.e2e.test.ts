import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { closeTestPools, createAccountVia, depositVia, queryOk, testSystemPool } from '@orquesta/testing';
import { createTestTenant, PlatformExitedError, startPlatformProcess, type PlatformProcess } from '../testing';

// The settlement worker SIGKILLed between "the rail accepted the payout" and "recorded as
// sent": after restarts, every payout is at the rail exactly once and the ledger is whole.
// The payouts carry `[crash:<token>]`: only the spawned platform (payout-crash.platform.ts,
// holding the token) settles them, and its test hook kills it right after a rail first accepts one.

const token = `t${randomUUID().slice(0, 8)}`;

after(async () => {
  await closeTestPools();
});

const CRASH_PLATFORM = join(__dirname, 'payout-crash.platform.js');
const crashEnv = { ORQUESTA_TEST_CRASH_TOKEN: token, ORQUESTA_PAYOUT_SWEEP_MS: '500', ORQUESTA_PAYOUT_STUCK_MS: '1000' };

/**
 * Starts the platform, and starts it again whenever the crash hook kills it before it is ready:
 * under load the restarted worker can pick the next payout up (and die at the rail) before the
 * gateway listens. Counts those kills too.
 */
async function startUntilReady(onKill: () => void): Promise<PlatformProcess> {
  for (;;) {
    try {
      return await startPlatformProcess(crashEnv, undefined, CRASH_PLATFORM);
    } catch (error) {
      if (!(error instanceof PlatformExitedError) || error.signal !== 'SIGKILL') throw error;
      onKill();
    }
  }
}

describe('a settlement worker killed mid-payout', () => {
  test('SIGKILL between sent and confirmed: after restart, one payout at the rail each and a consistent ledger', async () => {
    let kills = 0;
    let platform = await startUntilReady(() => (kills += 1));
    const url = platform.url;
    try {
      const tenant = await createTestTenant();
      const payer = await createAccountVia(url, tenant.apiKey, 'Crash payer');
      await depositVia(url, tenant.apiKey, payer, '100.00');
      const ids: string[] = [];
      for (const network of ['SPEI', 'MPESA']) {
        const destination = network === 'SPEI' ? { network, clabe: '032180000118359719' } : { network, phone: '+254712345678' };
        const created = await queryOk(url, tenant.apiKey, 'mutation($input: CreatePayoutInput!) { createPayout(input: $input) { transfer { id status } } }', {
          input: { fromAccountId: payer, amount: { amount: '25.00', currency: 'USD' }, destination, idempotencyKey: randomUUID(), description: `[crash:${token}]` },
        });
        assert.equal(created.createPayout.transfer.status, 'PROCESSING');
        ids.push(created.createPayout.transfer.id);
      }

      const statuses = async () => {
        const { rows } = await testSystemPool().query('SELECT status FROM payments.transfers WHERE id = ANY($1::uuid[])', [ids]);
        return rows.map((row) => row.status as string);
      };
      const deadline = Date.now() + 90_000;
      while ((await statuses()).some((status) => status === 'processing')) {
        assert.ok(Date.now() < deadline, 'payouts settle after restarts');
        if (platform.child.exitCode !== null || platform.child.signalCode !== null) {
          assert.equal(await platform.exited(), 'SIGKILL');
          kills += 1;
          // Killed with the rail holding the payout and our record saying "sending".
          const { rows } = await testSystemPool().query(
            "SELECT count(*)::int AS n FROM payments.payouts p JOIN treasury.rail_simulator_payouts s ON s.transfer_id = p.transfer_id WHERE p.transfer_id = ANY($1::uuid[]) AND p.stage = 'sending'",
            [ids],
          );
          assert.ok(rows[0].n >= 1, 'the crash left a payout sent to the rail but not recorded as sent');
          platform = await startUntilReady(() => (kills += 1));
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.ok(kills >= 1, 'the worker was killed at least once');
      assert.deepEqual(await statuses(), ['completed', 'completed']);

      for (const id of ids) {
        const { rows } = await testSystemPool().query('SELECT count(*)::int AS n FROM treasury.rail_simulator_payouts WHERE transfer_id = $1', [id]);
        assert.equal(rows[0].n, 1, 'exactly one payout at the rail');
        const legs = await testSystemPool().query("SELECT count(*)::int AS n FROM ledger.transfers WHERE reference = $1 AND code = 'payout_settlement'", [id]);
        assert.equal(legs.rows[0].n, 1, 'posted once');
      }
      const balances = await queryOk(platform.url, tenant.apiKey, 'query($id: ID!) { account(id: $id) { balances { available pending total } } }', { id: payer });
      assert.deepEqual(balances.account.balances, [{ available: '50.00', pending: '0.00', total: '50.00' }]);
      const { rows } = await testSystemPool().query(
        `SELECT currency, sum(credits_posted - debits_posted)::text AS posted, sum(credits_pending - debits_pending)::text AS pending
           FROM ledger.accounts WHERE tenant_id = $1 GROUP BY currency`,
        [tenant.tenantId],
      );
      for (const row of rows) assert.deepEqual([row.posted, row.pending], ['0', '0'], row.currency);
    } finally {
      platform.child.kill('SIGKILL');
      await platform.exited();
    }
  });
});
