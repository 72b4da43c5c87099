import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { testDatabaseUrl, testRedisUrl } from '@orquesta/testing';

const MAIN = join(__dirname, '..', 'main.js');

/** Runs `npm start`'s entry point with some environment and returns how it ended. */
function start(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running after 20 s:\n${output}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('npm start without its services', () => {
  test('stops at once and says how to start PostgreSQL', async () => {
    const url = new URL(testDatabaseUrl());
    url.port = '1';
    const { code, output } = await start({ DATABASE_URL: url.toString(), REDIS_URL: testRedisUrl() });
    assert.equal(code, 1);
    assert.match(output, /PostgreSQL is not reachable/);
    assert.match(output, /pg_ctlcluster/);
    assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
  });

  test('stops at once and says how to start Redis', async () => {
    const { code, output } = await start({ DATABASE_URL: testDatabaseUrl(), REDIS_URL: 'redis://127.0.0.1:1' });
    assert.equal(code, 1);
    assert.match(output, /Redis is not reachable/);
    assert.match(output, /redis-server/);
    assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
  });
});
