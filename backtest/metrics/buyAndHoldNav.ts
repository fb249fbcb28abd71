import { MetricsInputError } from './metricsInputError.ts'

/** The benchmark: `startNav` of quote currency put into the underlying at the first bar's price and held, marked
 * each bar: startNav * spot[i] / spot[0]. No fees, no funding: the plain price exposure the vault is compared with.
 * @example buyAndHoldNav(Float64Array.of(100, 110), 1000) // [1000, 1100] */
export function buyAndHoldNav(spot: Float64Array, startNav: number, out: Float64Array = new Float64Array(spot.length)): Float64Array {
  const s0 = spot[0]
  if (s0 === undefined || !(s0 > 0) || s0 === Infinity) throw new MetricsInputError('spot[0]', `must be a positive finite price, got ${s0}`)
  const units = startNav / s0
  for (let i = 0; i < spot.length; i++) out[i] = units * (spot[i] as number)
  return out
}
