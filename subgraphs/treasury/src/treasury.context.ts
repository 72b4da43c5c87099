import type { RequestContext } from '@orquesta/context';
import type { CurrencyService } from './currencies/currency.service';
import type { FxRateService } from './fx-rates/fx-rate.service';

export interface TreasuryContext {
  readonly request: RequestContext;
  readonly services: { readonly currencies: CurrencyService; readonly fxRates: FxRateService };
}
