import { createServer } from 'node:http';
import { serveReadiness } from '@orquesta/graphql';
import { loadConfig } from '@orquesta/context';
import { databaseUrls } from '@orquesta/db';
import { assertRedisReachable } from '../infrastructure';
import { startWorkers } from '../workers';
import { runProcess } from './process-lifecycle';

// Distributed mode: the outbox relay and the BullMQ workers (webhook delivery, hold expiry).
// Several may run; one relay leads, the others stand by; BullMQ spreads jobs over every worker.
runProcess('worker', async () => {
  const config = loadConfig();
  await assertRedisReachable(config.redisUrl);
  const workers = await startWorkers(process.env, config, databaseUrls(config.databaseUrl));
  const health = createServer((req, res) => {
    if (req.url === '/readyz') return void serveReadiness(res, workers.readiness);
    res.writeHead(req.url === '/healthz' ? 200 : 404).end(req.url === '/healthz' ? 'ok' : '');
  });
  await new Promise<void>((resolve) => health.listen(config.port, process.env.HOST ?? '127.0.0.1', resolve));
  process.stdout.write(`worker running (health on ${config.port})\n`);
  return {
    async stop() {
      health.close();
      await workers.stop();
    },
  };
});
