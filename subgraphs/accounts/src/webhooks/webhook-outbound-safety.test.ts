import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAddressPolicy, type Resolver } from './webhook-address.policy';
import { checkWebhookUrl } from './webhook-url.rules';
import { parseRetryAfter, sendWebhook } from './webhook.sender';

const strict = createAddressPolicy('');
const resolverFor = (table: Record<string, string[]>): Resolver => async (hostname) => {
  const addresses = table[hostname];
  if (!addresses) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const dns = resolverFor({
  'hooks.partner.example': ['93.184.216.34'],
  'loopback.attacker.example': ['127.0.0.1'],
  'mixed.attacker.example': ['93.184.216.34', '10.1.2.3'],
  'v6loop.attacker.example': ['::1'],
  'metadata.attacker.example': ['169.254.169.254'],
  'mapped.attacker.example': ['::ffff:127.0.0.1'],
});

async function refused(url: string, policy = strict, livemode = false): Promise<string> {
  const result = await checkWebhookUrl('input.url', url, { livemode, policy, resolver: dns });
  assert.equal(result.ok, false, `${url} was accepted`);
  if (result.ok) throw new Error('unreachable');
  assert.equal(result.error.code, 'BAD_USER_INPUT');
  return result.error.code === 'BAD_USER_INPUT' ? result.error.message : '';
}

describe('webhook URLs at registration (SSRF)', () => {
  test('refuses loopback, private, link-local and metadata addresses in every spelling', async () => {
    for (const url of [
      'http://127.0.0.1/hook',
      'http://127.1/hook',
      'http://2130706433/hook',
      'http://0x7f000001/hook',
      'http://0177.0.0.1/hook',
      'http://0x7f.1/hook',
      'http://[::1]/hook',
      'http://[0:0:0:0:0:0:0:1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[::ffff:7f00:1]/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://0xa9fea9fe/',
      'http://[fd00:ec2::254]/',
      'http://10.0.0.1/',
      'http://167772161/',
      'http://172.16.5.4/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://[fe80::1]/',
      'http://[fc00::1]/',
      'http://224.0.0.1/',
    ]) {
      assert.match(await refused(url), /disallowed address/, url);
    }
  });

  test('refuses local names and hostnames that resolve to a disallowed address', async () => {
    assert.match(await refused('http://localhost/hook'), /local host name/);
    assert.match(await refused('http://LOCALHOST./hook'), /local host name/);
    assert.match(await refused('http://db.internal/hook'), /local host name/);
    assert.match(await refused('https://loopback.attacker.example/hook'), /resolves to a disallowed address \(127\.0\.0\.1\)/);
    assert.match(await refused('https://mixed.attacker.example/hook'), /10\.1\.2\.3/);
    assert.match(await refused('https://v6loop.attacker.example/hook'), /::1/);
    assert.match(await refused('https://metadata.attacker.example/hook'), /169\.254\.169\.254/);
    assert.match(await refused('https://mapped.attacker.example/hook'), /disallowed/);
    assert.match(await refused('https://nowhere.example/hook'), /does not resolve/);
  });

  test('refuses malformed URLs, other schemes, credentials, and http in live mode', async () => {
    assert.match(await refused('not a url'), /not a valid URL/);
    assert.match(await refused('file:///etc/passwd'), /http or https/);
    assert.match(await refused('gopher://hooks.partner.example/'), /http or https/);
    assert.match(await refused('https://a:b@hooks.partner.example/'), /credentials/);
    assert.match(await refused('http://hooks.partner.example/hook', strict, true), /https in live mode/);
    assert.match(await refused(`https://hooks.partner.example/${'a'.repeat(2100)}`), /at most 2048/);
  });

  test('accepts public https URLs, and what ORQUESTA_WEBHOOK_ALLOWLIST lets through', async () => {
    const publicUrl = await checkWebhookUrl('url', 'https://hooks.partner.example/orquesta', { livemode: true, policy: strict, resolver: dns });
    assert.deepEqual(publicUrl, { ok: true, value: 'https://hooks.partner.example/orquesta' });
    const allowing = createAddressPolicy('127.0.0.1, 10.9.0.0/16, localhost');
    for (const url of ['http://127.0.0.1:4000/hook', 'http://10.9.3.4/hook', 'http://localhost:3000/hook']) {
      const result = await checkWebhookUrl('url', url, { livemode: false, policy: allowing, resolver: dns });
      assert.equal(result.ok, true, url);
    }
    assert.match(await refused('http://10.8.0.1/hook', allowing), /disallowed/);
    assert.match(await refused('http://127.0.0.2/hook', allowing), /disallowed/);
  });
});

describe('webhook sends at connect time', () => {
  const servers: Server[] = [];
  const hits: Record<string, number> = {};
  async function server(name: string, handler: (res: import('node:http').ServerResponse) => void): Promise<number> {
    hits[name] = 0;
    const s = createServer((req, res) => {
      hits[name] += 1;
      req.resume();
      handler(res);
    });
    servers.push(s);
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return (s.address() as AddressInfo).port;
  }
  after(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });
  const loopbackAllowed = createAddressPolicy('127.0.0.1');
  const options = { timeoutMs: 1_000, responseBytesMax: 64 * 1024 };

  test('a name that resolved to a public address at registration but to loopback now is refused (DNS rebinding)', async () => {
    const port = await server('rebind', (res) => res.end('should never be reached'));
    const rebinding = resolverFor({ 'rebind.attacker.example': ['127.0.0.1'] });
    const result = await sendWebhook(`http://rebind.attacker.example:${port}/hook`, {}, '{}', { ...options, policy: strict, resolver: rebinding });
    assert.equal(result.statusCode, undefined);
    assert.match(result.error ?? '', /may not reach/);
    assert.equal(hits.rebind, 0, 'no connection was made');
  });

  test('an IP literal is judged before connecting', async () => {
    const port = await server('literal', (res) => res.end('no'));
    const result = await sendWebhook(`http://127.0.0.1:${port}/hook`, {}, '{}', { ...options, policy: strict });
    assert.match(result.error ?? '', /not allowed/);
    assert.equal(hits.literal, 0);
  });

  test('a redirect (to loopback or anywhere) is never followed and counts as a failure', async () => {
    const targetPort = await server('redirect-target', (res) => res.end('reached'));
    const port = await server('redirector', (res) => res.writeHead(307, { location: `http://127.0.0.1:${targetPort}/admin` }).end());
    const result = await sendWebhook(`http://127.0.0.1:${port}/hook`, {}, '{}', { ...options, policy: loopbackAllowed });
    assert.equal(result.statusCode, 307);
    assert.equal(hits['redirect-target'], 0);
  });

  test('a receiver that hangs is cut off at the timeout; a huge answer is read only up to the limit', async () => {
    const hangPort = await server('hang', () => undefined);
    const started = Date.now();
    const hung = await sendWebhook(`http://127.0.0.1:${hangPort}/`, {}, '{}', { ...options, policy: loopbackAllowed });
    assert.match(hung.error ?? '', /no answer within 1000 ms/);
    assert.ok(Date.now() - started < 2_500);
    const hugePort = await server('huge', (res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'y');
      let sent = 0;
      const pump = () => {
        while (sent < 200 && res.write(chunk)) sent += 1;
        if (sent < 200) res.once('drain', pump);
        else res.end();
      };
      pump();
    });
    const huge = await sendWebhook(`http://127.0.0.1:${hugePort}/`, {}, '{}', { ...options, policy: loopbackAllowed });
    assert.equal(huge.statusCode, 200);
    assert.equal(huge.responseExcerpt?.length, 1_000);
  });

  test('Retry-After is read as seconds or an HTTP date, and bounded', () => {
    assert.equal(parseRetryAfter('120'), 120_000);
    assert.equal(parseRetryAfter(new Date(Date.now() + 30_000).toUTCString(), Date.now()) !== undefined, true);
    assert.equal(parseRetryAfter('999999999'), 24 * 3600 * 1000);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });
});
