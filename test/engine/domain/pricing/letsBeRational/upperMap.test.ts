import { expect, test } from 'vitest'
import fc from 'fast-check'
import { inverseUpperMap, upperMapInto } from '../../../../../engine/domain/pricing/letsBeRational/upperMap.ts'
import { normalisedBlackCall } from '../../../../../engine/domain/pricing/letsBeRational/normalisedBlack.ts'

const out = new Float64Array(3)

test('inverseUpperMap undoes the map', () => {
  fc.assert(fc.property(fc.double({ min: -5, max: 0, noNaN: true }), fc.double({ min: 0.05, max: 12, noNaN: true }), (x, s) => {
    upperMapInto(out, x, s)
    expect(Math.abs(inverseUpperMap(out[0] as number) - s) / s).toBeLessThan(1e-12)
  }))
})

test('df/db and d2f/db2 match differences of f against the Black price b(x, s)', () => {
  for (const [x, s] of [[-1, 2], [-0.3, 1.5], [-2.5, 4]] as const) {
    const d = 1e-4 * s
    const at = (u: number): [number, number, number] => { upperMapInto(out, x, u); return [out[0] as number, out[1] as number, out[2] as number] }
    const [, dfdb, d2fdb2] = at(s)
    const [fUp, dfUp] = at(s + d), [fDown, dfDown] = at(s - d)
    const db = normalisedBlackCall(x, s + d) - normalisedBlackCall(x, s - d)
    expect((fUp - fDown) / db / dfdb).toBeCloseTo(1, 6)
    expect((dfUp - dfDown) / db / d2fdb2).toBeCloseTo(1, 5)
  }
})

test('at the money f = N(-s/2) with df/db = -1/2 exactly; far up f -> 0', () => {
  upperMapInto(out, 0, 2)
  expect(out[0]).toBeCloseTo(0.15865525393145707, 15) // N(-1), Abramowitz and Stegun table 26.1
  expect(out[1]).toBe(-0.5)
  upperMapInto(out, -1, 30)
  expect(out[0]).toBeLessThan(1e-40)
})
