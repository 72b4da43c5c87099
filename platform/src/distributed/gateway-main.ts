import { loadConfig } from '@orquesta/context';
import { databaseUrls } from '@orquesta/db';
import { SignedRemoteDataSource } from '@orquesta/gateway';
import { assertRedisReachable } from '../infrastructure';
import { startGatewayFront } from '../platform';
import { findSubgraph, subgraphUrl } from '../subgraph-registry';
import { runProcess } from './process-lifecycle';

// Distributed mode: the gateway alone, reaching each subgraph over HTTP (ORQUESTA_<NAME>_URL).
runProcess('gateway', async () => {
  const config = loadConfig();
  await assertRedisReachable(config.redisUrl);
  const front = await startGatewayFront({
    config,
    urls: databaseUrls(config.databaseUrl),
    buildService: (name) => new SignedRemoteDataSource(subgraphUrl(findSubgraph(name)!), config.contextSecret),
    webDist: process.env.ORQUESTA_WEB_DIST,
    port: config.port,
    host: process.env.HOST,
  });
  process.stdout.write(`gateway listening on ${front.port}\n`);
  return front;
});
