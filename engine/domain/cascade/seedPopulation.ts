import { MarginInvariantError } from '../../errors/margin.ts'
import { parseInstrument } from '../margin/parseInstrument.ts'
import type { Account } from '../margin/types.ts'

/** How the leveraged accounts of a cascade are drawn. Ranges are [min, max], drawn uniformly. */
export interface PopulationSpec {
  readonly count: number
  /** Position notional / collateral, e.g. [5, 25]. */
  readonly leverage: readonly [number, number]
  readonly collateralBtc: readonly [number, number]
  /** Entry price as a fraction of the current price, e.g. [0.95, 1.05]: the book was built over time. */
  readonly entryJitter: readonly [number, number]
  /** Share of accounts that are long (liquidations sell); the rest are short. */
  readonly longShare: number
}

/** Draws a population of BTC-margined accounts, each with one BTC-PERPETUAL position of collateral * leverage BTC.
 * `uniform` returns draws on [0, 1): pass a seeded generator (data/random/xoshiro128.ts) so a seed replays the
 * same book. Pure: the randomness comes in through `uniform`.
 * @example const rng = new Xoshiro128(42); seedPopulation(spec, 60000, () => rng.uniform()) */
export function seedPopulation(spec: PopulationSpec, priceUsd: number, uniform: () => number): Account[] {
  const between = (r: readonly [number, number]) => r[0] + (r[1] - r[0]) * uniform()
  for (const [name, r] of [['leverage', spec.leverage], ['collateralBtc', spec.collateralBtc], ['entryJitter', spec.entryJitter]] as const) {
    if (!(r[0] > 0 && r[1] >= r[0])) throw new MarginInvariantError(`population ${name} must be 0 < min <= max, got [${r.join(', ')}]`, 'fix the range')
  }
  const perp = parseInstrument('BTC-PERPETUAL')
  return Array.from({ length: spec.count }, (_, i) => {
    const collateral = between(spec.collateralBtc)
    const size = collateral * between(spec.leverage)
    const entry = priceUsd * between(spec.entryJitter)
    const side = uniform() < spec.longShare ? 1 : -1
    return {
      id: `acct-${i + 1}`, currency: 'BTC', collateral: [{ asset: 'BTC', amount: collateral, haircut: 0 }],
      positions: [{ instrument: perp, size: side * size, entry }],
    }
  })
}
