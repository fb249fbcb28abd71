import { expect, test } from 'vitest'
import fc from 'fast-check'
import { inverseLowerMap, lowerMapInto } from '../../../../../engine/domain/pricing/letsBeRational/lowerMap.ts'
import { normalisedBlackCall } from '../../../../../engine/domain/pricing/letsBeRational/normalisedBlack.ts'

const out = new Float64Array(3)

test('inverseLowerMap undoes the map', () => {
  fc.assert(fc.property(fc.double({ min: -5, max: -0.01, noNaN: true }), fc.double({ min: 0.05, max: 3, noNaN: true }), (x, s) => {
    lowerMapInto(out, x, s)
    // a subnormal f (x = -5, s = 0.05 gives 1e-316) keeps too few bits to say anything
    fc.pre((out[0] as number) >= 2.2250738585072014e-308)
    expect(Math.abs(inverseLowerMap(x, out[0] as number) - s) / s).toBeLessThan(1e-12)
  }))
})

test('df/db and d2f/db2 match differences of f against the Black price b(x, s)', () => {
  for (const [x, s] of [[-1, 0.8], [-0.3, 0.4], [-2.5, 1.5]] as const) {
    const d = 1e-4 * s
    const at = (u: number): [number, number, number] => { lowerMapInto(out, x, u); return [out[0] as number, out[1] as number, out[2] as number] }
    const [, dfdb, d2fdb2] = at(s)
    const [fUp, dfUp] = at(s + d), [fDown, dfDown] = at(s - d)
    const db = normalisedBlackCall(x, s + d) - normalisedBlackCall(x, s - d)
    expect((fUp - fDown) / db).toBeCloseTo(dfdb, 6)
    expect((dfUp - dfDown) / db / d2fdb2).toBeCloseTo(1, 5)
  }
})

test('f -> 0 and df/db -> 1 as s -> 0 (the map behaves like b itself at the bottom)', () => {
  lowerMapInto(out, -1, 0.02) // z = 28.9: N(-z)^2 underflows, the derivative must not
  expect(out[0]).toBeLessThan(1e-100)
  expect(out[1]).toBeCloseTo(1, 2)
  lowerMapInto(out, -1, 0.002)
  expect(out[1]).toBeCloseTo(1, 4)
})
