import { describe, expect, test } from 'vitest'
import { normalisedBlackCall, normalisedVega } from '../../../../../engine/domain/pricing/letsBeRational/normalisedBlack.ts'
import { normalisedImpliedVol, type LbrTrace } from '../../../../../engine/domain/pricing/letsBeRational/normalisedImpliedVol.ts'

const EPS = Number.EPSILON
const DBL_MIN = 2.2250738585072014e-308

// x = ln(F/K) from at the money to far beyond any listed strike (|x| = 30 is K/F = 1e13), and total vol
// s = sigma sqrt(T) from 1e-4 (1% vol over 16 minutes) to 15 (500% vol over 9 years), 121 points per decade-ish.
const XS = [0, -1e-9, -1e-6, -1e-3, -0.01, -0.05, -0.1, -0.2, -0.3, -0.5, -0.7, -1, -1.2, -Math.log(5), -2, -2.5, -3.5, -5, -7, -10, -20, -30]
const SS = Array.from({ length: 121 }, (_, i) => 1e-4 * Math.pow(15 / 1e-4, i / 120))

interface Case { x: number; s: number; beta: number; cond: number }
/** Every grid point whose price is a normal double strictly inside (0, b_max). `cond` = beta / (s b'), the factor
 * by which a relative error of the price becomes a relative error of s: the price's rounding alone moves s by
 * about cond * eps, so s can only be asked for where that is small. */
const CASES: Case[] = XS.flatMap((x) => SS.map((s) => {
  const beta = normalisedBlackCall(x, s)
  return { x, s, beta, cond: beta / (s * normalisedVega(x, s)) }
})).filter((c) => c.beta >= DBL_MIN && c.beta < Math.exp(0.5 * c.x))

describe('normalisedImpliedVol (Let\'s Be Rational) on a dense grid', () => {
  test('two Householder steps recover s to 1e-12 where the price determines it, else reprice to 1e-12', () => {
    const trace: LbrTrace = { iterations: 0, branch: 0, guess: 0 }
    let worstVol = 0, worstPrice = 0, worstVolAt = '', worstPriceAt = ''
    const branches = [0, 0, 0, 0]
    for (const { x, s, beta, cond } of CASES) {
      const implied = normalisedImpliedVol(beta, x, 2, trace)
      branches[trace.branch]!++
      expect(trace.iterations).toBeLessThanOrEqual(2)
      const priceErr = Math.abs(normalisedBlackCall(x, implied) - beta) / beta
      expect(priceErr).toBeLessThanOrEqual(1e-12)
      if (priceErr > worstPrice) { worstPrice = priceErr; worstPriceAt = `x=${x} s=${s}` }
      if (cond * EPS <= 1e-13) {
        const volErr = Math.abs(implied - s) / s
        expect(volErr).toBeLessThanOrEqual(1e-12)
        if (volErr > worstVol) { worstVol = volErr; worstVolAt = `x=${x} s=${s}` }
      }
    }
    console.log(`LBR grid: ${CASES.length} cases, branches ${branches.join('/')}; worst relative s error ` +
      `${worstVol.toExponential(2)} (${worstVolAt}), worst relative price error ${worstPrice.toExponential(2)} (${worstPriceAt})`)
    expect(branches.every((n) => n > 50)).toBe(true) // the grid exercises all four branches
  })

  test('a third and further steps change nothing beyond the price\'s own rounding', () => {
    let worstUlps = 0
    for (const { x, beta, cond } of CASES) {
      if (cond * EPS > 1e-13) continue
      const two = normalisedImpliedVol(beta, x, 2), many = normalisedImpliedVol(beta, x, 10)
      const diff = Math.abs(many - two) / two
      expect(diff).toBeLessThanOrEqual(4 * EPS * (1 + cond))
      worstUlps = Math.max(worstUlps, diff / EPS)
    }
    console.log(`LBR grid: two steps vs ten differ by at most ${worstUlps.toFixed(1)} ulps`)
  })

  test('one step is not enough everywhere: the second step is doing real work', () => {
    // Guards the test above against a solver that silently stops early: with one step some cases must be off.
    const worst = Math.max(...CASES.filter((c) => c.cond < 10).map(({ x, s, beta }) => Math.abs(normalisedImpliedVol(beta, x, 1) - s) / s))
    expect(worst).toBeGreaterThan(1e-12)
  })

  test('far wings, |x| from 200 to 700: up to 16 steps (what impliedVol allows there) reprice to 1e-12', () => {
    // Far beyond listed strikes (K/F = e^700), kept because a caller's garbage strike must not give garbage vols.
    let n = 0
    for (let i = 0; i <= 50; i++) for (let j = 0; j <= 30; j++) {
      const x = -200 * Math.pow(3.5, i / 50), s = Math.sqrt(-2 * x) * Math.pow(8, (j - 15) / 15)
      const beta = normalisedBlackCall(x, s)
      if (!(beta >= 1e-300) || beta >= Math.exp(0.5 * x)) continue
      n++
      const implied = normalisedImpliedVol(beta, x, 16)
      expect(Math.abs(normalisedBlackCall(x, implied) - beta) / beta).toBeLessThanOrEqual(1e-12)
    }
    expect(n).toBeGreaterThan(300)
  })

  test('edges: 0 for beta <= 0, Infinity at or above b_max, NaN for NaN', () => {
    expect(normalisedImpliedVol(0, -1)).toBe(0)
    expect(normalisedImpliedVol(-1e-3, -1)).toBe(0)
    expect(normalisedImpliedVol(Math.exp(-0.5), -1)).toBe(Infinity)
    expect(normalisedImpliedVol(NaN, -1)).toBeNaN()
  })

  test('subnormal prices (below 2.2e-308) still give a vol that reprices them', () => {
    for (const [x, s] of [[-0.6, 0.0158], [-0.5, 0.0134]] as const) {
      const beta = normalisedBlackCall(x, s)
      expect(beta).toBeLessThan(DBL_MIN)
      expect(beta).toBeGreaterThan(0)
      const implied = normalisedImpliedVol(beta, x)
      // the price has only a few significant bits left, so s is only as good as those
      expect(Math.abs(implied - s) / s).toBeLessThan(1e-3)
    }
  })
})
