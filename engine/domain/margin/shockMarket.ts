import { MarginInvariantError } from '../../errors/margin.ts'
import { impliedVolFromMark, inverseOptionInput, type OptionPricer } from './resolveMarks.ts'
import type { MarketSnapshot, Position } from './types.ts'

/** Smallest vol a shock can leave, so a -100% shock still prices (as near-intrinsic value). */
const MIN_VOL = 0.01

/** Vol of every option position: implied from the mark where there is one, so the unshocked scenario
 * reproduces the mark exactly; `optionVols` only for options without a mark.
 * @example optionVolsFor(market, account.positions, optionPrice) // { 'BTC-28JUN24-60000-C': 0.6 } */
export function optionVolsFor(market: MarketSnapshot, positions: readonly Position[], pricer: OptionPricer): Record<string, number> {
  const vols: Record<string, number> = {}
  for (const p of positions) {
    const ins = p.instrument
    if (ins.type !== 'option' || vols[ins.name] !== undefined) continue
    const given = market.optionVols[ins.name]
    const mark = market.optionMarks[ins.name]
    if (mark !== undefined) vols[ins.name] = impliedVolFromMark(ins, market, mark, pricer)
    else if (given !== undefined) vols[ins.name] = given
    else throw new MarginInvariantError(`no mark and no vol for ${ins.name}`, 'give market.optionMarks or market.optionVols for it')
  }
  return vols
}

/** The market after a scenario: index and every future mark times (1 + spotMove); every option repriced at the
 * new index with vol * (1 + volShift), floored at 1 vol point. Vol shifts are relative: +1 doubles vol, -0.5
 * halves it. Non-margin collateral keeps its USD price, so a stablecoin is worth more coin after a fall.
 * @example shockMarket(market, positions, -0.1, 0.5, optionPrice, optionVolsFor(market, positions, optionPrice)) */
export function shockMarket(market: MarketSnapshot, positions: readonly Position[], spotMove: number, volShift: number,
  pricer: OptionPricer, vols: Readonly<Record<string, number>>): MarketSnapshot {
  if (!(spotMove > -1)) throw new MarginInvariantError(`spot move ${spotMove} would take the index to 0 or below`, 'use moves above -1 (-100%)')
  const indexUsd = market.indexUsd * (1 + spotMove)
  const futureMarksUsd: Record<string, number> = {}
  for (const [name, usd] of Object.entries(market.futureMarksUsd)) futureMarksUsd[name] = usd * (1 + spotMove)
  const shocked: MarketSnapshot = { ...market, indexUsd, futureMarksUsd, optionMarks: {}, optionVols: {} }
  const optionMarks: Record<string, number> = {}
  const optionVols: Record<string, number> = {}
  for (const p of positions) {
    const ins = p.instrument
    if (ins.type !== 'option' || optionMarks[ins.name] !== undefined) continue
    const sigma = Math.max(MIN_VOL, (vols[ins.name] as number) * (1 + volShift))
    optionVols[ins.name] = sigma
    optionMarks[ins.name] = pricer(inverseOptionInput(ins, shocked, sigma))
  }
  return { ...shocked, optionMarks, optionVols }
}
