import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  erf, erfc, erfcx, inverseNormCdf, normCdf, normLowerTailWithPdf, normPdf,
} from '../../../../engine/domain/pricing/normal.ts'

/** |got - want| <= tol * |want| */
function expectRel(got: number, want: number, tol = 1e-15): void {
  const err = Math.abs(got - want) / Math.abs(want)
  if (!(err <= tol)) throw new Error(`got ${got}, want ${want}: relative error ${err} > ${tol}`)
}

// Reference values: mpmath 1.3.0 at 50 significant digits (mp.erfc, mp.ncdf, mp.npdf, exp(x^2)*erfc(x),
// -sqrt(2)*erfinv(1-2p) at 400 digits), rounded to the nearest double. The task-brief values erfc(5) and
// N(-10) agree with them to within 2 ulp.
describe('erfc', () => {
  test.each([
    [-8, 2.0],
    [-1, 1.8427007929497148],
    [0.1, 0.887537083981715],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047266],
    [3.5, 7.430983723414128e-7],
    [5, 1.5374597944280348e-12],
    [10, 2.088487583762545e-45],
    [26, 5.663192408856143e-296],
  ])('erfc(%d) against mpmath', (x, want) => expectRel(erfc(x), want))

  test('erf(0.5) against mpmath', () => expectRel(erf(0.5), 0.5204998778130465))

  test('erfc underflows to exactly 0 far out and stays finite everywhere', () => {
    expect(erfc(30)).toBe(0)
    expect(erfc(Infinity)).toBe(0)
    expect(erfc(-Infinity)).toBe(2)
    expect(erf(0)).toBe(0)
    expect(erf(Infinity)).toBe(1)
    expect(erf(-Infinity)).toBe(-1)
    expect(Number.isNaN(erfc(NaN))).toBe(true)
  })

  test('erf(x) + erfc(x) = 1 and erf is odd', () => {
    fc.assert(fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (x) => {
      expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThanOrEqual(4e-16)
      expect(erf(-x)).toBe(-erf(x))
    }))
  })
})

describe('erfcx', () => {
  test.each([
    [-5, 144009798674.66104],
    [-3, 16205.988853999586],
    [-1, 5.008980080762283],
    [0.3, 0.7345993345676551],
    [1, 0.427583576155807],
    [5, 0.11070463773306863],
    [30, 0.01879588886141675],
    [1000, 0.0005641893014533876],
    [1e8, 5.641895835477562e-9],
  ])('erfcx(%d) against mpmath', (x, want) => expectRel(erfcx(x), want))

  test('erfcx overflows to Infinity only where exp(x^2) does, and tends to 0 at +Infinity', () => {
    expect(Number.isFinite(erfcx(-26.6))).toBe(true)
    expect(erfcx(-27)).toBe(Infinity)
    expect(erfcx(1e308)).toBe(0)
    expect(erfcx(0)).toBe(1)
  })
})

describe('normPdf and normCdf', () => {
  test.each([
    [0, 0.3989422804014327],
    [1, 0.24197072451914334],
    [-5, 1.4867195147342977e-6],
    [10, 7.694598626706419e-23],
    [37, 2.1200065515246056e-298],
  ])('normPdf(%d) against mpmath', (x, want) => expectRel(normPdf(x), want))

  test.each([
    [-37, 5.725571222524577e-300],
    [-30, 4.906713927148187e-198],
    [-20, 2.7536241186062337e-89],
    [-10, 7.619853024160527e-24],
    [-8, 6.220960574271784e-16],
    [-5, 2.866515718791939e-7],
    [-1.96, 0.024997895148220435],
    [-1, 0.15865525393145705],
    [-0.5, 0.3085375387259869],
    [-0.1, 0.460172162722971],
    [0, 0.5],
    [0.7, 0.758036347776927],
    [1, 0.8413447460685429],
    [3, 0.9986501019683699],
    [8, 0.9999999999999993],
  ])('normCdf(%d) against mpmath', (x, want) => expectRel(normCdf(x), want))

  test('the far tail is subnormal, then 0; never negative or NaN', () => {
    // mpmath: N(-38) = 2.88542835e-316, a subnormal with few significant bits: check the magnitude only.
    expect(normCdf(-38)).toBeGreaterThan(2.8e-316)
    expect(normCdf(-38)).toBeLessThan(2.9e-316)
    expect(normCdf(-40)).toBe(0)
    expect(normCdf(-Infinity)).toBe(0)
    expect(normCdf(Infinity)).toBe(1)
    expect(normPdf(Infinity)).toBe(0)
  })

  test('symmetry N(x) + N(-x) = 1 where representable', () => {
    fc.assert(fc.property(fc.double({ min: -9, max: 9, noNaN: true }), (x) => {
      expect(Math.abs(normCdf(x) + normCdf(-x) - 1)).toBeLessThanOrEqual(3.5e-16)
      expect(normPdf(-x)).toBe(normPdf(x))
    }))
  })

  test('normLowerTailWithPdf (the hot-path form) gives exactly normCdf(-|x|)', () => {
    fc.assert(fc.property(fc.double({ min: -40, max: 40, noNaN: true }), (x) => {
      expect(normLowerTailWithPdf(x, normPdf(x))).toBe(normCdf(-Math.abs(x)))
    }), { numRuns: 2000 })
  })

  test('normCdf is monotone non-decreasing', () => {
    fc.assert(fc.property(fc.double({ min: -38, max: 9, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      (x, h) => { expect(normCdf(x + h)).toBeGreaterThanOrEqual(normCdf(x)) }))
  })

  test('normPdf is the derivative of normCdf (central difference)', () => {
    fc.assert(fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (x) => {
      const h = 1e-5
      const fd = (normCdf(x + h) - normCdf(x - h)) / (2 * h)
      expect(Math.abs(fd - normPdf(x))).toBeLessThanOrEqual(1e-9 * normPdf(x) + 1e-11)
    }))
  })
})

describe('inverseNormCdf', () => {
  test.each([
    [1e-300, -37.0470962993612],
    [1e-100, -21.273453560965324],
    [1e-20, -9.262340089798407],
    [1e-10, -6.361340902404056],
    [1e-5, -4.264890793922825],
    [0.025, -1.9599639845400543],
    [0.3, -0.5244005127080408],
    [0.9, 1.2815515655446004],
    [0.975, 1.9599639845400543],
  ])('inverseNormCdf(%d) against mpmath', (p, want) => expectRel(inverseNormCdf(p), want, 2e-15))

  test('edges: 0, 1 and out-of-range', () => {
    expect(inverseNormCdf(0.5)).toBe(0)
    expect(inverseNormCdf(0)).toBe(-Infinity)
    expect(inverseNormCdf(1)).toBe(Infinity)
    expect(Number.isNaN(inverseNormCdf(-0.1))).toBe(true)
    expect(Number.isNaN(inverseNormCdf(1.1))).toBe(true)
    expect(Number.isNaN(inverseNormCdf(NaN))).toBe(true)
  })

  test('round trip inverseNormCdf(normCdf(x)) = x over the lower tail and the centre', () => {
    fc.assert(fc.property(fc.double({ min: -37, max: 3, noNaN: true }), (x) => {
      const back = inverseNormCdf(normCdf(x))
      // In the centre the absolute error is set by the rounding of p = N(x) (about eps / phi(x) in x).
      expect(Math.abs(back - x)).toBeLessThanOrEqual(4e-15 * Math.max(1, Math.abs(x)) + 2.3e-16 * normCdf(x) / normPdf(x))
    }))
  })

  test('round trip normCdf(inverseNormCdf(p)) = p in relative terms', () => {
    fc.assert(fc.property(fc.double({ min: 1e-300, max: 0.5, noNaN: true }), (p) => {
      expectRel(normCdf(inverseNormCdf(p)), p, 1e-13 * Math.max(1, Math.abs(inverseNormCdf(p))) ** 2)
    }))
  })
})
