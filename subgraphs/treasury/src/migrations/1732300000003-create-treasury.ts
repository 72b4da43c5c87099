import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CURRENCIES } from '@orquesta/money';

// Indicative mid-market rates per 1 USD on the day the platform was seeded; the rate feed
// moves them from here.
const SEED_RATES: ReadonlyArray<[string, string]> = [
  ['USDC', '1'],
  ['MXN', '18.4215'],
  ['BRL', '5.3870'],
  ['COP', '3950.25'],
  ['ARS', '1045.50'],
  ['KES', '129.10'],
];

export class CreateTreasury1732300000003 implements MigrationInterface {
  name = 'CreateTreasury1732300000003';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE treasury.currencies (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z]{3,5}$'),
        scale smallint NOT NULL CHECK (scale BETWEEN 0 AND 18),
        name text NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE treasury.fx_rates (
        id bigserial PRIMARY KEY,
        base text NOT NULL REFERENCES treasury.currencies (code),
        quote text NOT NULL REFERENCES treasury.currencies (code),
        rate numeric(30, 12) NOT NULL CHECK (rate > 0),
        source text NOT NULL,
        as_of timestamptz NOT NULL DEFAULT now(),
        CHECK (base <> quote)
      )`);
    await runner.query('CREATE INDEX fx_rates_latest ON treasury.fx_rates (base, quote, as_of DESC)');
    for (const currency of Object.values(CURRENCIES)) {
      await runner.query('INSERT INTO treasury.currencies (code, scale, name) VALUES ($1, $2, $3)', [
        currency.code,
        currency.scale,
        currency.name,
      ]);
    }
    for (const [quote, rate] of SEED_RATES) {
      await runner.query("INSERT INTO treasury.fx_rates (base, quote, rate, source) VALUES ('USD', $1, $2, 'seed')", [quote, rate]);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE treasury.fx_rates');
    await runner.query('DROP TABLE treasury.currencies');
  }
}
