import type { OptionGreeks } from './types.ts'

/** Reads an `…Into` output array (GREEK_KEYS order) into a fresh OptionGreeks object: the bridge from the
 * allocation-free hot path to the object API, so both always return the same numbers.
 * @example greeksFromSlots(g).vega === g[GREEK_SLOT.vega] */
export function greeksFromSlots(g: Float64Array): OptionGreeks {
  return {
    price: g[0] as number, delta: g[1] as number, gamma: g[2] as number, vega: g[3] as number,
    theta: g[4] as number, rho: g[5] as number, divRho: g[6] as number, vanna: g[7] as number,
    volga: g[8] as number, charm: g[9] as number, speed: g[10] as number,
  }
}
