import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { normalisedBlackAndVegaInto, normalisedBlackCall, normalisedIntrinsicCall, normalisedVega } from '../../../../../engine/domain/pricing/letsBeRational/normalisedBlack.ts'
import { smallTExpansionOfNormalisedBlackCall } from '../../../../../engine/domain/pricing/letsBeRational/smallTExpansion.ts'
import { erfcx } from '../../../../../engine/domain/pricing/normal.ts'

const EPS = Number.EPSILON

/** [x, s, b(x, s)]: reference values from mpmath 1.3.0 at 60 significant digits,
 * b = exp(x/2) ncdf(x/s + s/2) - exp(-x/2) ncdf(x/s - s/2), evaluated at the exact binary values of x and s
 * (mp.mpf of the Python float), printed to 20 digits. Grouped by Jaeckel's regions (Let's Be Rational, section 3). */
const REFERENCE: readonly (readonly [number, number, number])[] = [
  // region I, h + t <= -10: asymptotic expansion
  [-2.4, 0.2, 2.9066641439311090165e-35],
  [-5.0, 0.3, 2.0238189294117016802e-64],
  [-1.0, 0.05, 6.8479326806906496848e-92],
  [-30.0, 2.5, 1.6891765574227318393e-34],
  // region II, t < 0.21: Taylor expansion in t
  [-0.05, 0.1, 1.9767051837750097792e-2],
  [0.0, 0.2, 7.9655674554057967338e-2],
  [-1.0, 0.3, 3.3290949429445666614e-5],
  [-0.001, 0.0001, 7.4745602454210835492e-29],
  [-2.0, 0.4, 2.0987927330961113106e-8],
  [-1e-08, 1e-06, 3.9396222734921182337e-7],
  // region III, h + t > 0.85
  [0.0, 2.0, 6.8268949213708589717e-1],
  [-0.5, 3.0, 6.4640138673324614219e-1],
  [-1.6, 6.0, 4.4670945261593537552e-1],
  [-0.2, 11.0, 9.048373800627523682e-1],
  // region IV: the erfcx form
  [-0.5, 0.5, 4.0840564840954761162e-2],
  [-1.6, 1.0, 2.1200691504551283597e-2],
  [-3.0, 1.2, 2.0710338455517432562e-3],
  [-0.1, 0.9, 2.9970421250839037067e-1],
  [-5.0, 2.0, 2.6498666737864494318e-3],
  // in the money: intrinsic + the out-of-the-money side
  [0.7, 0.3, 7.1536617087083978521e-1],
  [1.6, 0.05, 1.7762119643752461319],
]

describe('normalisedBlackCall', () => {
  test.each(REFERENCE)('b(%s, %s) matches the 60-digit reference', (x, s, ref) => {
    const h = x / s, t = s / 2
    // Rounding x/s and s^2 moves exp(-(h^2 + t^2)/2) by about (h^2 + t^2) ulps: the conditioning of b itself.
    const tolerance = 4 * EPS * (1 + h * h + t * t)
    expect(Math.abs(normalisedBlackCall(x, s) - ref) / ref).toBeLessThanOrEqual(tolerance)
  })

  test('is continuous across the region boundaries (both sides agree to a few ulps of conditioning)', () => {
    const tau = 2 * Math.pow(EPS, 1 / 16)
    const cases: [number, number][] = []
    // t = s/2 crossing tau (II <-> IV or III) at several h
    for (const h of [-9, -5, -2, -0.5, -0.01]) cases.push([h * 2 * tau, 2 * tau])
    // h + t crossing 0.85 (IV <-> III)
    for (const t of [0.3, 0.6, 1, 3]) cases.push([(0.85 - t) * 2 * t, 2 * t])
    // h + t crossing -10 + tau (I <-> II)
    for (const t of [0.05, 0.1, 0.2]) cases.push([(-10 + tau - t) * 2 * t, 2 * t])
    for (const [x, s] of cases) {
      const below = normalisedBlackCall(x, s * (1 - 4 * EPS)), above = normalisedBlackCall(x, s * (1 + 4 * EPS))
      const h = x / s, t = s / 2
      const slope = (normalisedVega(x, s) * s) / normalisedBlackCall(x, s) // d ln b / d ln s
      const gap = Math.abs(above - below) / below
      expect(gap).toBeLessThanOrEqual(8 * EPS * slope + 8 * EPS * (1 + h * h + t * t))
    }
  })

  test('stays between intrinsic and exp(x/2), and rises with s', () => {
    fc.assert(fc.property(fc.double({ min: -6, max: 6, noNaN: true }), fc.double({ min: 1e-4, max: 12, noNaN: true }), (x, s) => {
      const b = normalisedBlackCall(x, s), b2 = normalisedBlackCall(x, s * 1.01)
      expect(b).toBeGreaterThanOrEqual(normalisedIntrinsicCall(x))
      expect(b).toBeLessThanOrEqual(Math.exp(0.5 * x))
      expect(b2).toBeGreaterThanOrEqual(b)
    }))
  })

  test('put-call parity: b(x, s) - b(-x, s) = exp(x/2) - exp(-x/2)', () => {
    fc.assert(fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 1e-3, max: 8, noNaN: true }), (x, s) => {
      const parity = normalisedBlackCall(x, s) - normalisedBlackCall(-x, s)
      expect(Math.abs(parity - 2 * Math.sinh(x / 2))).toBeLessThanOrEqual(4 * EPS * Math.exp(Math.abs(x) / 2))
    }))
  })
})

describe('normalisedVega', () => {
  test('is the derivative of b in s (central difference, relative step 1e-5)', () => {
    for (const [x, s] of [[-1, 0.5], [0, 0.2], [-0.3, 2], [-2, 1.5], [0.4, 0.8]] as const) {
      const d = 1e-5 * s
      const fd = (normalisedBlackCall(x, s + d) - normalisedBlackCall(x, s - d)) / (2 * d)
      expect(Math.abs(fd - normalisedVega(x, s)) / normalisedVega(x, s)).toBeLessThan(1e-8)
    }
  })

  test('normalisedBlackAndVegaInto, the hot-path twin, gives the same value and vega', () => {
    const out = new Float64Array(2)
    fc.assert(fc.property(fc.double({ min: -40, max: 5, noNaN: true }), fc.double({ min: 0, max: 15, noNaN: true }), (x, s) => {
      normalisedBlackAndVegaInto(out, x, s)
      expect(out[0]).toBe(normalisedBlackCall(x, s))
      const v = normalisedVega(x, s)
      expect(Math.abs((out[1] as number) - v)).toBeLessThanOrEqual(4 * EPS * v)
    }))
  })

  test('at the money it is phi(s/2) (mpmath: npdf(0.1) = 0.39695254747701180...)', () => {
    expect(Math.abs(normalisedVega(0, 0.2) - 0.3969525474770118) / 0.3969525474770118).toBeLessThanOrEqual(2 * EPS)
  })
})

describe('smallTExpansionOfNormalisedBlackCall', () => {
  // Rebuild Y^(2j+1)(h) = P + Q Y from the recursion P' = P_n' + Q_n, Q' = Q_n' + h Q_n (Y = Mills ratio, Y' = 1 + hY)
  // by brute force and sum the series: checks every coefficient written out in smallTExpansion.ts.
  function expansionFromRecursion(h: number, t: number): number {
    const y = Math.sqrt(Math.PI / 2) * erfcx(-h / Math.SQRT2)
    let p: number[] = [0], q: number[] = [1]
    const der = (a: number[]) => a.slice(1).map((v, i) => v * (i + 1))
    const add = (a: number[], b: number[]) => Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0))
    const at = (a: number[]) => a.reduceRight((acc, c) => acc * h + c, 0)
    let sum = 0, fact = 1
    for (let n = 1; n <= 13; n++) {
      ;[p, q] = [add(der(p), q), add(der(q), [0, ...q])]
      fact *= n
      if (n % 2 === 1) sum += (2 * Math.pow(t, n) / fact) * (at(p) + at(q) * y)
    }
    return (Math.exp(-0.5 * (h * h + t * t)) / Math.sqrt(2 * Math.PI)) * sum
  }

  test('agrees with the series rebuilt from the derivative recursion', () => {
    // Stay at |h| <= 3, where the brute-force form (which multiplies out Y without Jaeckel's a = 1 + hY) keeps ~1e-14.
    fc.assert(fc.property(fc.double({ min: -3, max: -0.01, noNaN: true }), fc.double({ min: 1e-3, max: 0.2, noNaN: true }), (h, t) => {
      const ours = smallTExpansionOfNormalisedBlackCall(h, t)
      expect(Math.abs(ours - expansionFromRecursion(h, t)) / ours).toBeLessThan(1e-12)
    }))
  })
})
