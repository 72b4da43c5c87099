import type { RequestContext } from '@orquesta/context';
import type { DataSource } from 'typeorm';
import type { CurrencyService } from './currencies/currency.service';
import type { FxRateService } from './fx-rates/fx-rate.service';
import type { LiquidityService } from './liquidity/liquidity.service';
import type { ReconciliationService } from './reconciliation/reconciliation.service';
import type { RoutingService } from './routing/routing.service';

export interface TreasuryServices {
  readonly dataSource: DataSource;
  readonly currencies: CurrencyService;
  readonly fxRates: FxRateService;
  readonly routing: RoutingService;
  readonly liquidity: LiquidityService;
  readonly reconciliation: ReconciliationService;
}

export interface TreasuryContext {
  readonly request: RequestContext;
  readonly services: TreasuryServices;
}
