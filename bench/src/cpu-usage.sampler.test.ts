import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpuBetween, takeCpuSnapshot } from './cpu-usage.sampler';

test('attributes a busy child process to the platform and this process to the load generator', async () => {
  const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 5000; while (Date.now() < end);'], { stdio: 'ignore' });
  try {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = takeCpuSnapshot(child.pid);
    assert.ok(before, 'this test needs /proc');
    const spinUntil = Date.now() + 300;
    while (Date.now() < spinUntil); // this process: ~0.3 s of one core
    await new Promise((resolve) => setTimeout(resolve, 700));
    const breakdown = cpuBetween(before, takeCpuSnapshot(child.pid)!);
    // Loose bounds: the test suite runs files in parallel, so neither spinner gets a core to itself.
    assert.ok(breakdown.platformCores !== null && breakdown.platformCores > 0.15 && breakdown.platformCores < 1.1, `platform ${breakdown.platformCores}`);
    assert.ok(breakdown.loadGeneratorCores > 0.03 && breakdown.loadGeneratorCores < 0.6, `self ${breakdown.loadGeneratorCores}`);
    assert.ok(breakdown.platformCores + breakdown.loadGeneratorCores <= breakdown.machineBusyCores + 0.1, JSON.stringify(breakdown));
    assert.ok(breakdown.machineBusyCores <= breakdown.cpus + 0.01);
    assert.ok(breakdown.otherCores !== null && breakdown.otherCores >= 0);
  } finally {
    child.kill('SIGKILL');
  }
});

test('reports no platform share for a process that does not exist', () => {
  const before = takeCpuSnapshot(2 ** 22 + 12345)!;
  const spinUntil = Date.now() + 50;
  while (Date.now() < spinUntil);
  const breakdown = cpuBetween(before, takeCpuSnapshot(2 ** 22 + 12345)!);
  assert.equal(breakdown.platformCores, null);
  assert.equal(breakdown.otherCores, null);
});
