import { loadConfig } from '@orquesta/context';
import { prepareDatabase } from '../infrastructure';

// Distributed mode: the one-shot step before the services start (database, roles, migrations, demo seed).
async function main(): Promise<void> {
  const prepared = await prepareDatabase(loadConfig().databaseUrl, { seedDemo: true, demoApiKey: process.env.ORQUESTA_DEMO_API_KEY, demoPassword: process.env.ORQUESTA_DEMO_PASSWORD });
  if (prepared.demo?.newApiKey) process.stdout.write(`Demo tenant ${prepared.demo.tenantId}, test API key (shown once): ${prepared.demo.newApiKey}\n`);
  process.stdout.write('database ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`setup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
