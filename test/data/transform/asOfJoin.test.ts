import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { asOfIndices, asOfJoin, type Timed } from '../../../data/transform/asOfJoin.ts'
import { InputError } from '../../../engine/errors/input.ts'

const ts = (...t: number[]): Timed => ({ length: t.length, tMs: Float64Array.from(t) })

describe('asOfIndices / asOfJoin', () => {
  test('picks the latest right point at or before each left time', () => {
    expect([...asOfIndices(ts(5, 10, 15, 20, 25), ts(10, 20))]).toEqual([-1, 0, 0, 1, 1])
  })

  test('equal timestamps match by default and not with allowExactMatch false', () => {
    const left = ts(100, 200)
    const right = ts(100, 200)
    expect([...asOfIndices(left, right)]).toEqual([0, 1])
    expect([...asOfIndices(left, right, { allowExactMatch: false })]).toEqual([-1, 0])
  })

  test('a right point 1 ms after the left time is never used', () => {
    const left = ts(1000, 2000, 3000)
    const right = ts(1001, 2001, 3001)
    expect([...asOfIndices(left, right)]).toEqual([-1, 0, 1])
    expect([...asOfJoin(left, right, Float64Array.of(7, 8, 9))]).toEqual([NaN, 7, 8])
  })

  test('duplicate right times: the last row of that instant wins; duplicate left times get the same row', () => {
    const right = ts(10, 10, 10, 20)
    expect([...asOfIndices(ts(10, 10, 15, 20), right)]).toEqual([2, 2, 2, 3])
  })

  test('max staleness: exactly at the limit is fresh, 1 ms beyond is not', () => {
    const left = ts(100, 160, 161, 250)
    const right = ts(100, 200)
    expect([...asOfIndices(left, right, { maxStalenessMs: 60 })]).toEqual([0, 0, -1, 1])
    expect([...asOfJoin(left, right, Float64Array.of(1.5, 2.5), { maxStalenessMs: 60 })]).toEqual([1.5, 1.5, NaN, 2.5])
    expect(() => asOfIndices(left, right, { maxStalenessMs: -1 })).toThrow(/maxStalenessMs must be >= 0/)
  })

  test('empty series: an empty right gives all NaN, an empty left gives an empty result', () => {
    expect([...asOfJoin(ts(1, 2), ts(), new Float64Array(0))]).toEqual([NaN, NaN])
    expect(asOfJoin(ts(), ts(1, 2), Float64Array.of(1, 2)).length).toBe(0)
  })

  test('unsorted input is rejected, naming the series and row', () => {
    const call = () => asOfIndices(ts(1, 2), ts(5, 3), { rightSource: 'dvol.csv' })
    expect(call).toThrow(InputError)
    expect(call).toThrow(/earlier than the previous row[\s\S]*Where: dvol\.csv index 1/)
    expect(() => asOfIndices(ts(2, 1), ts(1))).toThrow(/left index 1/)
    expect(() => asOfIndices(ts(1, Number.NaN), ts(1))).toThrow(/not a finite time/)
  })

  test('only the first `length` rows of each series count', () => {
    const right = { length: 1, tMs: Float64Array.of(10, 20) }
    expect([...asOfIndices(ts(30), right)]).toEqual([0])
    expect(() => asOfJoin(ts(30), ts(10, 20), Float64Array.of(1))).toThrow(/has 1 entries for 2 rows/)
  })

  test('property: the joined row is never later, is the latest allowed, and respects staleness', () => {
    const times = fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }).map((a) => a.sort((x, y) => x - y))
    fc.assert(fc.property(times, times, fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }), fc.boolean(),
      (l, r, maxStalenessMs, allowExactMatch) => {
        const idx = asOfIndices(ts(...l), ts(...r), maxStalenessMs === undefined ? { allowExactMatch } : { maxStalenessMs, allowExactMatch })
        l.forEach((t, i) => {
          // brute force: the last right row with time <= t (< t when exact matches are off), if fresh enough
          let want = -1
          r.forEach((u, j) => { if (allowExactMatch ? u <= t : u < t) want = j })
          if (want >= 0 && t - (r[want] as number) > (maxStalenessMs ?? Infinity)) want = -1
          expect(idx[i]).toBe(want)
          if (want >= 0) expect(r[want] as number).toBeLessThanOrEqual(t)
        })
      }), { numRuns: 500 })
  })
})
