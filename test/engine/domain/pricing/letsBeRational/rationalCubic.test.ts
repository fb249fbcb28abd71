import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import {
  convexRationalCubicControlParameterLeft, convexRationalCubicControlParameterRight, minimumRationalCubicControlParameter,
  rationalCubicControlParameterForLeftSecondDerivative, rationalCubicControlParameterForRightSecondDerivative,
  rationalCubicInterpolation,
} from '../../../../../engine/domain/pricing/letsBeRational/rationalCubic.ts'

const num = (min: number, max: number) => fc.double({ min, max, noNaN: true })

describe('rationalCubicInterpolation (Delbourgo and Gregory 1985)', () => {
  test('matches the end values and, by central differences, the end slopes for any r > -1', () => {
    fc.assert(fc.property(num(-2, 2), num(0.1, 3), num(-5, 5), num(-5, 5), num(-3, 3), num(-3, 3), num(-0.9, 50),
      (xl, h, yl, yr, dl, dr, r) => {
        const xr = xl + h
        const f = (x: number) => rationalCubicInterpolation(x, xl, xr, yl, yr, dl, dr, r)
        expect(f(xl)).toBeCloseTo(yl, 12)
        expect(f(xr)).toBeCloseTo(yr, 12)
        const d = 1e-6 * h
        expect((f(xl + d) - f(xl - d)) / (2 * d)).toBeCloseTo(dl, 4)
        expect((f(xr + d) - f(xr - d)) / (2 * d)).toBeCloseTo(dr, 4)
      }))
  })

  test('r = 3 is the cubic Hermite interpolant: it reproduces y = x^3 - 2x exactly', () => {
    const y = (x: number) => x * x * x - 2 * x, dy = (x: number) => 3 * x * x - 2
    for (const x of [0.1, 0.5, 1.3, 1.9]) expect(rationalCubicInterpolation(x, 0, 2, y(0), y(2), dy(0), dy(2), 3)).toBeCloseTo(y(x), 13)
  })

  test('a huge r gives the straight line', () => {
    expect(rationalCubicInterpolation(0.25, 0, 1, 0, 4, 100, -100, 1e40)).toBe(1)
  })
})

describe('control parameters', () => {
  test('the fitted r reproduces the requested second derivative at that end', () => {
    // data from y = exp(x) on [0, 1]: the second derivative at 0 is 1, at 1 is e
    const e = Math.E
    const rl = rationalCubicControlParameterForLeftSecondDerivative(0, 1, 1, e, 1, e, 1)
    const rr = rationalCubicControlParameterForRightSecondDerivative(0, 1, 1, e, 1, e, e)
    const second = (r: number, x: number) => {
      const d = 1e-4
      const f = (u: number) => rationalCubicInterpolation(u, 0, 1, 1, e, 1, e, r)
      return (f(x + d) - 2 * f(x) + f(x - d)) / (d * d)
    }
    // one-sided: the interpolant is only defined on [0, 1], but the formula extends smoothly past it
    expect(second(rl, 0)).toBeCloseTo(1, 5)
    expect(second(rr, 1)).toBeCloseTo(e, 5)
  })

  test('the shape-preserving minimum keeps convex increasing data convex and increasing', () => {
    fc.assert(fc.property(num(0, 2), num(0.01, 3), num(0.01, 3), (dl, gap1, gap2) => {
      const s = dl + gap1, dr = s + gap2 // convex: dl <= secant <= dr, monotone: all >= 0
      const r = minimumRationalCubicControlParameter(dl, dr, s, false)
      const f = (x: number) => rationalCubicInterpolation(x, 0, 1, 0, s, dl, dr, r)
      let prev = f(0), prevSlope = -Infinity
      for (let i = 1; i <= 64; i++) {
        const y = f(i / 64), slope = (y - prev) * 64
        expect(slope).toBeGreaterThanOrEqual(-1e-12)
        expect(slope).toBeGreaterThanOrEqual(prevSlope - 1e-9)
        prev = y; prevSlope = slope
      }
    }))
  })

  test('the convex variants never go below the shape-preserving minimum', () => {
    // Convex data (slopes 0 and 3, secant 1) need r >= max((dl + dr)/s, (dr - dl)/(dr - s), (dr - dl)/(s - dl)) = 3;
    // asking for a negative second derivative alone would give r = 1 (left) and 0.5 (right).
    expect(rationalCubicControlParameterForLeftSecondDerivative(0, 1, 0, 1, 0, 3, -4)).toBe(1)
    expect(rationalCubicControlParameterForRightSecondDerivative(0, 1, 0, 1, 0, 3, -4)).toBe(0.5)
    expect(convexRationalCubicControlParameterLeft(0, 1, 0, 1, 0, 3, -4, false)).toBe(3)
    expect(convexRationalCubicControlParameterRight(0, 1, 0, 1, 0, 3, -4, false)).toBe(3)
  })
})
