import { DEMO_OWNER_EMAIL } from '@orquesta/accounts';
import { loadConfig } from '@orquesta/context';
import { startLocalServicesIfDown } from './local-services';
import { startPlatform } from './platform';

// `npm start`: the whole platform in one process.
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  await startLocalServicesIfDown(config.databaseUrl, config.redisUrl);
  const platform = await startPlatform();
  const { demo } = platform.database;
  const lines = [`Orquesta is listening on http://127.0.0.1:${platform.port}`, `  GraphQL (HTTP and graphql-ws): ${platform.url}`];
  if (demo?.newApiKey) {
    lines.push(`  Demo tenant ${demo.tenantId}, test API key (shown once, keep it): ${demo.newApiKey}`);
  } else if (demo) {
    lines.push(`  Demo tenant ${demo.tenantId} (its key was printed when it was created; set ORQUESTA_DEMO_API_KEY to fix one)`);
  }
  if (demo?.newOwnerPassword) {
    lines.push(`  Dashboard sign-in (shown once): ${DEMO_OWNER_EMAIL} / ${demo.newOwnerPassword}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    platform.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Orquesta could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
