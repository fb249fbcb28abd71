/** optvault's public surface for strategy plugins: `import { defineStrategy, z } from 'optvault'`.
 * Anything not exported here is private to the engine and may change. */
export { defineStrategy, STRATEGY_API_VERSION, type StrategyDefinition, type Hook } from './strategy.ts'
export type {
  StrategyContext, MarketView, ChainView, VaultView, PortfolioView, PricingView, RiskView, OptionQuote,
  PositionView, EpochInfo, OrderOptions, SettlementNotice,
} from './context.ts'
export type { Fill } from '../ports/executionPort.ts'
export type { OptionInstrument, InstrumentId } from '../domain/instruments/instrument.ts'
export type { OptionGreeks, OptionKind, PricingModel, OptionInput } from '../domain/pricing/types.ts'
export type { UnixMs, Vol } from '../domain/units.ts'
export { MS_PER_DAY, MS_PER_YEAR, yearFraction } from '../domain/units.ts'
export { z } from 'zod'
export type { HedgePolicy, HedgeTrigger } from '../domain/hedging/hedgePolicy.ts'
export { hedgeDecision, type HedgeDecision, type HedgeState } from '../domain/hedging/hedgeDecision.ts'
export { whalleyWilmottHalfWidth, type WhalleyWilmottInput } from '../domain/hedging/whalleyWilmott.ts'
export { optionGreeks, optionGreeksInto, optionPrice, cashGamma, cashGammaPerPct } from '../domain/pricing/optionGreeks.ts'
export { GREEK_COUNT, GREEK_SLOT } from '../domain/pricing/types.ts'
export { impliedVol, type IvInput } from '../domain/pricing/impliedVol.ts'
export { ewmaForecast, type EwmaForecast } from '../domain/forecast/ewma.ts'
export { fitGarch11, garch11TermVol, type Garch11Fit } from '../domain/forecast/garch11.ts'
