import type { DataSource } from 'typeorm';

export interface CurrencyRecord {
  code: string;
  scale: number;
  name: string;
}

export type CurrencyService = ReturnType<typeof createCurrencyService>;

export function createCurrencyService({ dataSource }: { dataSource: DataSource }) {
  return {
    list(): Promise<CurrencyRecord[]> {
      return dataSource.query('SELECT code, scale, name FROM treasury.currencies ORDER BY code');
    },
  };
}
