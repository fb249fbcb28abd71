import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { BarCursor, LookaheadError, type BarSeries } from '../../../engine/runtime/marketView.ts'

const HOUR = 3_600_000
function series(closes: number[]): BarSeries {
  const n = closes.length
  const c = Float64Array.from(closes)
  return { length: n, tMs: Float64Array.from(closes, (_, i) => i * HOUR), open: c, high: c, low: c, close: c,
    volume: new Float64Array(n) }
}

describe('market view: a strategy sees nothing after the current bar', () => {
  test('now is the close time of the current bar', () => {
    const v = new BarCursor(series([1, 2, 3]), HOUR)
    v.moveTo(1)
    expect(v.now).toBe(2 * HOUR)
    expect(v.spot()).toBe(2)
    expect(v.close(1)).toBe(1)
  })

  test('asking for a future bar throws LookaheadError', () => {
    const v = new BarCursor(series([1, 2, 3]), HOUR)
    v.moveTo(0)
    expect(() => v.close(-1)).toThrow(LookaheadError)
    expect(() => v.bar(-1)).toThrow(LookaheadError)
  })

  test('closes() is a copy: its buffer does not reach later bars', () => {
    const v = new BarCursor(series([1, 2, 3, 4]), HOUR)
    v.moveTo(1)
    const c = v.closes(10)
    expect([...c]).toEqual([1, 2])
    expect(new Float64Array(c.buffer).length).toBe(2)
  })

  test('property: whatever a strategy reads at bar i is the same if every later bar is replaced', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 50 }),
      fc.nat(), fc.double({ min: 1, max: 1e6, noNaN: true }), (closes, k, noise) => {
        const i = k % closes.length
        const scrambled = closes.map((x, j) => (j > i ? noise : x))
        const a = new BarCursor(series(closes), HOUR)
        const b = new BarCursor(series(scrambled), HOUR)
        a.moveTo(i)
        b.moveTo(i)
        expect([...a.closes(1000)]).toEqual([...b.closes(1000)])
        expect(a.bar(0)).toEqual(b.bar(0))
      }))
  })

  test('the cursor never moves backwards', () => {
    const v = new BarCursor(series([1, 2, 3]), HOUR)
    v.moveTo(2)
    expect(() => v.moveTo(1)).toThrow(RangeError)
  })
})
