/** The normalised Black call far out of the money, where N(h + t) is a deep lower tail: Jaeckel's asymptotic
 * expansion (P. Jaeckel, "Let's Be Rational", Wilmott 2015, section 3, "region I").
 *
 * Why: with h = x/s and t = s/2 the call is b = phi0 * (Y(h + t) - Y(h - t)), phi0 = exp(-(h^2 + t^2)/2)/sqrt(2 pi),
 * where Y(z) = N(z)/phi(z) is the Mills ratio. Evaluating the two Y terms and subtracting them cancels away
 * every digit when t is small; expanding Y(z) ~ -sum_k (-1)^k (2k-1)!! z^-(2k+1) (valid for z -> -inf) and
 * subtracting term by term gives, with r = (h + t)(h - t), q = (h/r)^2 and e = (t/h)^2, an expansion with no
 * cancellation at all:
 *   Y(h + t) - Y(h - t) = (t/r) * sum_k (2k-1)!! q^k A_k(e),   A_k(e) = 2 (-1)^k sum_{m<=k} C(2k+1, 2m+1) e^m.
 * Seventeen terms (k <= 16) give ~4e-15 relative right at the region's edge h + t = -10 and full double
 * precision a little further in; an implied vol feels that error divided by about h^2 (>= 100). Pure. */

const INV_SQRT_2PI = 0.3989422804014327
/** Order of the expansion: A_0 .. A_16. */
const K_MAX = 16

/** A_k(e) coefficients, k-th row at offset k(k+1)/2, lowest power of e first; exact small integers. */
const A = buildCoefficients()

function binomial(n: number, k: number): number {
  let c = 1
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i
  return c
}

function buildCoefficients(): Float64Array {
  const a = new Float64Array(((K_MAX + 1) * (K_MAX + 2)) / 2)
  for (let k = 0; k <= K_MAX; k++) {
    for (let m = 0; m <= k; m++) a[(k * (k + 1)) / 2 + m] = 2 * (k % 2 === 0 ? 1 : -1) * binomial(2 * k + 1, 2 * m + 1)
  }
  return a
}

/** A_k(e) by Horner. */
function aK(k: number, e: number): number {
  const off = (k * (k + 1)) / 2
  let p = A[off + k] as number
  for (let m = k - 1; m >= 0; m--) p = p * e + (A[off + m] as number)
  return p
}

/** Y(h + t) - Y(h - t) for h + t <= -10 (h < 0, t > 0), Y the Mills ratio: the normalised Black call divided by
 * exp(-(h^2 + t^2)/2)/sqrt(2 pi), which is also the normalised vega, so callers that need both share one exp.
 * @example asymptoticMillsRatioDifference(-12, 0.1) // 0.0013610026064054... */
export function asymptoticMillsRatioDifference(h: number, t: number): number {
  const e = (t / h) * (t / h)
  const r = (h + t) * (h - t)
  const q = (h / r) * (h / r)
  // Summed forward so it can stop early: q <= 1/(h + t)^2 <= 1/100 and e < 1, so the terms (2k-1)!! q^k A_k(e) fall
  // at least ~25-fold at first, and much faster deep in the region, where a handful of terms reach double precision.
  let sum = 0, term = 0, scale = 1 // scale = (2k-1)!! q^k
  for (let k = 0; k <= K_MAX; k++) {
    term = scale * aK(k, e)
    sum += term
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break
    scale *= (2 * k + 1) * q
  }
  const d = (t / r) * sum
  return d > 0 ? d : 0
}

/** Normalised Black call b(x = 2ht, s = 2t) for h + t <= -10 (h < 0, t > 0), to about 1e-16 relative, where
 * the direct formula would subtract two nearly equal tail probabilities.
 * @example asymptoticExpansionOfNormalisedBlackCall(-12, 0.1) // 2.9066641439310...e-35, the call on x = -2.4, s = 0.2 */
export function asymptoticExpansionOfNormalisedBlackCall(h: number, t: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * (h * h + t * t)) * asymptoticMillsRatioDifference(h, t)
}
