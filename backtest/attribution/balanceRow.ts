import type { AttributionRow } from './attributionRow.ts'

/** Headroom bits: the seven parts and their partial sums stay below 2^HEADROOM times the largest magnitude in the
 * row (each |part| <= max, |residual| <= 7 max, so any partial sum < 14 max < 2^4 max), so 5 bits suffice. */
const HEADROOM = 5

/** Builds a row whose parts add up to `total` exactly. Floating-point addition rounds, so residual = total - sum
 * alone can leave the identity off by an ulp (and by more when parts cancel). Instead every part and the total are
 * rounded to the same power-of-two quantum q = 2^(e + 5 - 53), where 2^e > the largest magnitude; multiples of q
 * below 2^53 q add exactly, so the identity holds in any order. The rounding moves each figure by at most q / 2 <= 2^-47
 * (7e-15) of the largest figure in the row: far below the error already in the per-bar sums.
 * @example balanceRow(3, { delta: 1, gamma: 0.5, theta: -0.25, vega: 0.1, cross: 0, costs: -0.05 }, 1.4) */
export function balanceRow(epoch: number,
  parts: { delta: number; gamma: number; theta: number; vega: number; cross: number; costs: number }, total: number): AttributionRow {
  const m = Math.max(Math.abs(parts.delta), Math.abs(parts.gamma), Math.abs(parts.theta), Math.abs(parts.vega),
    Math.abs(parts.cross), Math.abs(parts.costs), Math.abs(total))
  if (m === 0) return { epoch, delta: 0, gamma: 0, theta: 0, vega: 0, cross: 0, costs: 0, residual: 0, total: 0 }
  // 2^e > m; Math.log2 can be off by one near powers of two, so nudge it up if needed
  let e = Math.ceil(Math.log2(m))
  if (2 ** e <= m) e++
  // Below the subnormal step every float is already a multiple of it (and 2 ** -1100 would underflow to 0)
  const q = Math.max(2 ** (e + HEADROOM - 53), Number.MIN_VALUE)
  // q is a power of 2: the division and product are exact. `+ 0` turns -0 into 0, so a row never shows "-0".
  const snap = (x: number) => Math.round(x / q) * q + 0
  const delta = snap(parts.delta), gamma = snap(parts.gamma), theta = snap(parts.theta), vega = snap(parts.vega)
  const cross = snap(parts.cross), costs = snap(parts.costs), t = snap(total)
  const residual = t - delta - gamma - theta - vega - cross - costs + 0 // exact: all multiples of q, all sums < 2^53 q
  return { epoch, delta, gamma, theta, vega, cross, costs, residual, total: t }
}
