import { OracleDeviationError, OracleInputError } from './oracleErrors.ts'

/** One source's view of the same price, in the same quote currency per unit.
 * @example const r: PriceReading = { source: 'uniswap TWAP 1800s', price: 60_012.5 } */
export interface PriceReading { readonly source: string; readonly price: number }

/** Distance between two prices in basis points of the smaller one, so the measure is symmetric.
 * @example deviationBps(100, 101) // 100 */
export function deviationBps(a: number, b: number): number {
  return (Math.abs(a - b) / Math.min(a, b)) * 10_000
}

/** Throws OracleDeviationError if any two readings differ by more than `maxBps`; otherwise returns the largest
 * pairwise deviation in bps. Every pair, not each against the first: with three sources, the two that disagree are
 * named, whichever they are.
 * @example checkOracleDeviation([{ source: 'chainlink', price: 60000 }, { source: 'twap', price: 60030 }], 50) // 5 */
export function checkOracleDeviation(readings: readonly PriceReading[], maxBps: number): number {
  for (const r of readings) {
    if (!Number.isFinite(r.price) || r.price <= 0) throw new OracleInputError(`price of ${r.source}`, `must be a positive finite number, got ${r.price}`)
  }
  let worst = 0
  let pair: [PriceReading, PriceReading] | undefined
  for (let i = 0; i < readings.length; i++) {
    for (let j = i + 1; j < readings.length; j++) {
      const d = deviationBps(readings[i]!.price, readings[j]!.price)
      if (d > worst) { worst = d; pair = [readings[i]!, readings[j]!] }
    }
  }
  if (pair && worst > maxBps) throw new OracleDeviationError(pair[0].source, pair[0].price, pair[1].source, pair[1].price, worst, maxBps)
  return worst
}
