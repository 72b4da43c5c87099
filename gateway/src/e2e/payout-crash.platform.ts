import { crashingSettlement } from '@orquesta/testing';
import { startPlatform } from '../platform';

// The all-in-one platform the payout-crash test spawns (and kills, and restarts): the test
// harness hands settlement a hook that SIGKILLs this process right after a rail first accepts
// a payout marked `[crash:<ORQUESTA_TEST_CRASH_TOKEN>]`.
const token = process.env.ORQUESTA_TEST_CRASH_TOKEN;
if (!token) throw new Error('ORQUESTA_TEST_CRASH_TOKEN is required');

startPlatform({ seedDemo: false, testHooks: { payoutSettlement: crashingSettlement(token) } }).catch((error: unknown) => {
  process.stderr.write(`the crash platform could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
