import { startPlatform } from '../platform';
import { crashingSettlement } from '../testing';

// The all-in-one platform the payout-crash test spawns (and kills, and restarts): the test
// harness hands settlement a hook that SIGKILLs this process right after a rail first accepts
// a payout marked `[crash:<ORQUESTA_TEST_CRASH_TOKEN>]`.
const token = process.env.ORQUESTA_TEST_CRASH_TOKEN;
if (!token) throw new Error('ORQUESTA_TEST_CRASH_TOKEN is required');

startPlatform({ seedDemo: false, testHooks: { payoutSettlement: crashingSettlement(token) } }).then(
  // The line startPlatformProcess waits for, as main.js prints it.
  (platform) => process.stdout.write(`Orquesta is listening on http://127.0.0.1:${platform.port}\n`),
  (error: unknown) => {
    process.stderr.write(`the crash platform could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
