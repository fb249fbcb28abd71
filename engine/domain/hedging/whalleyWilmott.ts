/** Whalley-Wilmott asymptotic no-trade band for delta hedging with proportional transaction costs.
 *
 * Whalley, A. E. and Wilmott, P. (1997), "An asymptotic analysis of an optimal hedging model for option pricing
 * with transaction costs", Mathematical Finance 7(3), 307-324, eq. (4.6); restated in P. Wilmott, "Paul Wilmott on
 * Quantitative Finance" (2nd ed., 2006), ch. 48. An investor with exponential utility of risk aversion `gamma_u`
 * who pays `lambda * S * |dN|` to trade dN units keeps the hedge N inside
 *
 *   |N - Delta| <= H,   H = ( (3/2) * exp(-r (T - t)) * lambda * S * Gamma^2 / gamma_u )^(1/3)
 *
 * and trades only back to the nearest edge of the band when N leaves it. Units, with u = units of the underlying and
 * Q = quote currency: S in Q/u, Gamma = dDelta/dS in u^2/Q, gamma_u in 1/Q (utility -exp(-gamma_u * W), W in Q),
 * lambda a pure fraction. Then lambda S Gamma^2 / gamma_u is in u^3 and H in u, like Delta. For a book, Gamma is
 * the book's gamma (position-weighted), so H grows like size^(2/3): a bigger book tolerates a wider band.
 * Pure. */
import type { Rate, Years } from '../units.ts'

export interface WhalleyWilmottInput {
  /** Underlying price, quote currency per unit. */
  readonly spot: number
  /** Gamma of the hedged book, d(delta)/dS: units of underlying per one quote-currency move in price. Sign is irrelevant. */
  readonly gamma: number
  /** Proportional cost lambda: the cost of trading one unit is lambda * spot (0.0005 = 5 bps). */
  readonly costFraction: number
  /** Exponential-utility risk aversion, per unit of quote currency. Larger means a narrower band. */
  readonly riskAversion: number
  /** Continuously compounded rate as a fraction; 0 when absent. */
  readonly rate?: Rate
  /** Time to the book's (nearest) expiry in years; 0 when absent (the discount factor is then 1). */
  readonly tYears?: Years
}

/** Half-width H of the Whalley-Wilmott band, in units of the underlying: re-hedge when |delta - target| > H.
 * Zero when gamma or the cost is zero (hedge continuously), Infinity for zero risk aversion (never hedge).
 * Throws RangeError on a NaN or negative input: a band silently computed from garbage would hedge at random.
 * @example whalleyWilmottHalfWidth({ spot: 100, gamma: 0.02, costFraction: 0.01, riskAversion: 1 })
 * // (1.5 * 0.01 * 100 * 0.0004 / 1)^(1/3) = 0.0006^(1/3) = 0.0843 units */
export function whalleyWilmottHalfWidth(input: WhalleyWilmottInput): number {
  const { spot, gamma, costFraction, riskAversion } = input
  const rate = input.rate ?? 0
  const tYears = input.tYears ?? 0
  check('spot', spot, true)
  check('costFraction', costFraction, false)
  check('riskAversion', riskAversion, false)
  check('tYears', tYears, false)
  if (!Number.isFinite(gamma)) throw new RangeError(`whalleyWilmottHalfWidth: gamma must be a finite number, got ${gamma}`)
  if (!Number.isFinite(rate)) throw new RangeError(`whalleyWilmottHalfWidth: rate must be a finite number, got ${rate}`)
  if (riskAversion === 0) return Infinity
  return Math.cbrt(1.5 * Math.exp(-rate * tYears) * costFraction * spot * gamma * gamma / riskAversion)
}

function check(field: string, v: number, positive: boolean): void {
  if (!(positive ? v > 0 : v >= 0) || !Number.isFinite(v)) {
    throw new RangeError(`whalleyWilmottHalfWidth: ${field} must be a finite number ${positive ? '> 0' : '>= 0'}, got ${v}`)
  }
}
