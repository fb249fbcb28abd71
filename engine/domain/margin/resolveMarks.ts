import { MarginInvariantError } from '../../errors/margin.ts'
import type { OptionInput } from '../pricing/types.ts'
import { yearFraction } from '../units.ts'
import type { MarginInstrument, MarketSnapshot, Position } from './types.ts'

/** Prices one option and returns its value; for margin, always the `inverse` model (coin per contract).
 * engine/domain/pricing's `optionPrice` fits; tests and the CLI pass it in, so this folder does not pin a pricer. */
export type OptionPricer = (input: OptionInput) => number

/** Pricing input of an inverse option at the market's index, with the given vol.
 * Expired options get tYears 0: the pricer then returns intrinsic value.
 * @example inverseOptionInput(parseInstrument('BTC-28JUN24-60000-C'), market, 0.6) */
export function inverseOptionInput(ins: Extract<MarginInstrument, { type: 'option' }>, market: MarketSnapshot, sigma: number): OptionInput {
  return {
    model: 'inverse', kind: ins.kind, underlying: market.indexUsd, strike: ins.strikeUsd,
    tYears: Math.max(0, yearFraction(market.nowMs, ins.expiryMs)), sigma, rate: market.rate,
  }
}

/** The market with a mark for every option position: given marks are kept, missing ones are priced from
 * `optionVols`. Throws MarginInvariantError for an option with neither.
 * @example resolveMarks(market, account.positions, optionPrice) */
export function resolveMarks(market: MarketSnapshot, positions: readonly Position[], pricer: OptionPricer): MarketSnapshot {
  const marks: Record<string, number> = { ...market.optionMarks }
  for (const p of positions) {
    const ins = p.instrument
    if (ins.type !== 'option' || marks[ins.name] !== undefined) continue
    const sigma = market.optionVols[ins.name]
    if (sigma === undefined) {
      throw new MarginInvariantError(`no mark and no vol for ${ins.name}`, 'give market.optionMarks or market.optionVols for it')
    }
    marks[ins.name] = pricer(inverseOptionInput(ins, market, sigma))
  }
  return { ...market, optionMarks: marks }
}

/** Implied vol of an inverse option from its mark, by bisection on the pricer (price rises with vol).
 * Bisection rather than Newton because it needs only prices and cannot diverge on deep OTM marks.
 * Returns the lower bound 0.0001 for a mark at or below intrinsic value.
 * @example impliedVolFromMark(ins, market, 0.05, optionPrice) // ≈ 0.6 */
export function impliedVolFromMark(ins: Extract<MarginInstrument, { type: 'option' }>, market: MarketSnapshot, mark: number, pricer: OptionPricer): number {
  let lo = 1e-4
  let hi = 10
  if (pricer(inverseOptionInput(ins, market, lo)) >= mark) return lo
  if (pricer(inverseOptionInput(ins, market, hi)) <= mark) return hi
  for (let i = 0; i < 100 && hi - lo > 1e-14; i++) {
    const mid = 0.5 * (lo + hi)
    if (pricer(inverseOptionInput(ins, market, mid)) < mark) lo = mid
    else hi = mid
  }
  return 0.5 * (lo + hi)
}
