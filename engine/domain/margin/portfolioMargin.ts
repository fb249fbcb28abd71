import type { OptionPricer } from './resolveMarks.ts'
import { evenMoves, riskMatrix } from './riskMatrix.ts'
import type { Account, MarginModel, MarketSnapshot, PositionMargin } from './types.ts'

/** Risk-matrix settings, after Deribit's portfolio margin (knowledge base, "Portfolio Margin"): the account is
 * revalued over evenly spaced underlying moves (BTC: 9 buckets over ±16%, zero included), each with the vol
 * moved down, unchanged and up; the worst loss is the maintenance margin. An extended table of large moves
 * (Deribit: -66%, -33%, +50% … +500%, vol up only, a fraction of the P&L) catches far-OTM short options; as
 * Deribit says the table is meant for those, we revalue only the option positions on it, not futures or collateral
 * (a long inverse perpetual loses 1.9x its size in coin at -66%, which would swamp its ±16% risk).
 * The vol shifts, extended fraction and IM multiple below are OUR defaults: Deribit publishes its current
 * values on its margin page and changes them with the market. */
export interface PortfolioMarginParams {
  /** Largest underlying move as a fraction, e.g. 0.16 for ±16%. */
  readonly spotRange: number
  readonly spotSteps: number
  /** Relative vol shifts (see shockMarket): -0.25 lowers 60 vol to 45. */
  readonly volShifts: readonly number[]
  readonly extendedMoves: readonly number[]
  /** Vol shift used with the extended moves (the "up" scenario). */
  readonly extendedVolShift: number
  /** Share of an extended-move loss that counts, 0..1. */
  readonly extendedFraction: number
  /** IM = MM * imOverMm, so IM >= MM. */
  readonly imOverMm: number
}

/** BTC defaults: Deribit's ±16% in 9 buckets; vol shifts, extended fraction and IM multiple are ours (see above).
 * @example portfolioMarginModel(optionPrice, { ...DEFAULT_PORTFOLIO_MARGIN, spotRange: 0.2 }) */
export const DEFAULT_PORTFOLIO_MARGIN: PortfolioMarginParams = {
  spotRange: 0.16, spotSteps: 9, volShifts: [-0.25, 0, 0.25],
  extendedMoves: [-0.66, -0.33, 0.5, 1, 2, 3, 4, 5], extendedVolShift: 0.25, extendedFraction: 0.2,
  imOverMm: 1.3,
}

/** A loss below this (coin) is rounding: 1e-12 BTC is a ten-thousandth of a satoshi. */
const NEGLIGIBLE_COIN = 1e-12

/** Worst loss of the account over the core grid and the damped extended moves, in coin (0 if it never loses).
 * @example portfolioWorstLoss(account, market, optionPrice) // 0.42 */
export function portfolioWorstLoss(account: Account, market: MarketSnapshot, pricer: OptionPricer,
  p: PortfolioMarginParams = DEFAULT_PORTFOLIO_MARGIN): number {
  if (account.positions.length === 0) return 0
  let worst = 0
  const core = riskMatrix(account, market, pricer, evenMoves(p.spotRange, p.spotSteps), p.volShifts)
  for (const x of core.pnl) worst = Math.max(worst, -x)
  if (p.extendedMoves.length > 0 && p.extendedFraction > 0) {
    const options = account.positions.filter((x) => x.instrument.type === 'option')
    const ext = riskMatrix({ ...account, collateral: [], positions: options }, market, pricer, p.extendedMoves, [p.extendedVolShift])
    for (const x of ext.pnl) worst = Math.max(worst, -x * p.extendedFraction)
  }
  // Exactly offsetting legs leave float rounding (1e-16 coin), not risk; without this, health would read 1e16.
  return worst < NEGLIGIBLE_COIN ? 0 : worst
}

/** Portfolio margin: offsetting positions net out because the whole book is revalued together.
 * MM = worst loss over the risk matrix, IM = MM * imOverMm. Per position: each position's own worst loss
 * (these do not sum to the account figure; that gap is the hedging benefit).
 * Collateral is revalued too, so a stablecoin line in a BTC account counts its coin-price risk.
 * @example portfolioMarginModel(optionPrice).maintenance(account, market) */
export function portfolioMarginModel(pricer: OptionPricer, p: PortfolioMarginParams = DEFAULT_PORTFOLIO_MARGIN): MarginModel {
  const mm = (account: Account, market: MarketSnapshot): number => portfolioWorstLoss(account, market, pricer, p)
  return {
    name: 'portfolio',
    initial: (account, market) => mm(account, market) * p.imOverMm,
    maintenance: mm,
    perPosition: (account, market): PositionMargin[] => account.positions.map((pos) => {
      const alone = mm({ ...account, collateral: [], positions: [pos] }, market)
      return { instrument: pos.instrument.name, im: alone * p.imOverMm, mm: alone }
    }),
  }
}
