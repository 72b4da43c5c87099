import { loadConfig } from '@orquesta/context';
import { prepareDatabase } from '@orquesta/platform';

// `npm run migrate`: database, roles and every schema's migrations; no demo data.
prepareDatabase(loadConfig().databaseUrl, { seedDemo: false }).then(
  () => process.stdout.write('migrations applied\n'),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
