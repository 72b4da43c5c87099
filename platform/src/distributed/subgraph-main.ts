import { loadConfig } from '@orquesta/context';
import { databaseUrls } from '@orquesta/db';
import { createSubgraph, listenSubgraph } from '@orquesta/graphql';
import { findSubgraph, SUBGRAPHS } from '../subgraph-registry';
import { runProcess } from './process-lifecycle';

// Distributed mode: one subgraph as its own process. Usage: subgraph-main.js <name>
const name = process.argv[2] ?? '';
runProcess(`subgraph ${name}`, async () => {
  const module = findSubgraph(name);
  if (!module) throw new Error(`unknown subgraph "${name}"; one of ${SUBGRAPHS.map((s) => s.name).join(', ')}`);
  const config = loadConfig();
  const dataSource = module.createDataSource(databaseUrls(config.databaseUrl).app);
  await dataSource.initialize();
  const subgraph = createSubgraph(await module.define(dataSource), config.contextSecret);
  const port = process.env.PORT ? config.port : module.port;
  const server = await listenSubgraph(subgraph, port, process.env.HOST ?? '127.0.0.1');
  process.stdout.write(`subgraph ${name} listening on ${port}\n`);
  return {
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await subgraph.close();
      await dataSource.destroy();
    },
  };
});
