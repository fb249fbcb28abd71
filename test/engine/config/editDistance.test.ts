import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { editDistance } from '../../../engine/config/editDistance.ts'

describe('editDistance (optimal string alignment)', () => {
  // Reference values: Levenshtein's textbook pair kitten/sitting = 3; a swap of neighbours costs 1
  // (Damerau 1964), and "ca" -> "abc" is 3 under OSA (it would be 2 under unrestricted Damerau-Levenshtein).
  test.each([
    ['', '', 0], ['', 'abc', 3], ['abc', '', 3], ['kitten', 'sitting', 3], ['bnad', 'band', 1],
    ['ab', 'ba', 1], ['ca', 'abc', 3], ['targt', 'target', 1], ['flaw', 'lawn', 2],
  ])('%s -> %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d)
    expect(editDistance(b, a)).toBe(d)
  })

  test('is a distance bounded by the longer length, zero only for equal strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
      const d = editDistance(a, b)
      expect(d).toBe(editDistance(b, a))
      expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length))
      expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length))
      expect(d === 0).toBe(a === b)
    }))
  })
})
