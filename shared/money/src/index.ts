import 'reflect-metadata';

export { CURRENCIES, findCurrency, type Currency } from './currency';
export { parseDecimal, parseAmount, formatAmount, formatMinor, type DecimalProblem, type MinorUnitsResult } from './decimal';
export { DecimalScalar, Money, MoneyInput, toMoney } from './money.type';
