import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { parseDecimal } from '../../../data/formats/parseDecimal.ts'

// The reference is Number() itself: parseDecimal must return the very same double (Object.is, so -0 counts).
describe('parseDecimal is Number() for every string', () => {
  test('plain decimals of up to 17 digits, point anywhere, either sign', () => {
    const decimal = fc.tuple(fc.boolean(), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 17 }), fc.nat(), fc.boolean())
      .map(([neg, ds, at, point]) => {
        const digits = ds.join('')
        const cut = at % (digits.length + 1)
        return (neg ? '-' : '') + (point ? `${digits.slice(0, cut)}.${digits.slice(cut)}` : digits)
      })
    fc.assert(fc.property(decimal, (s) => { expect(Object.is(parseDecimal(s), Number(s)), s).toBe(true) }), { numRuns: 20_000 })
  })

  test('prices as writers print them (toFixed) round-trip', () => {
    fc.assert(fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 8 }), (x, places) => {
      const s = x.toFixed(places)
      expect(parseDecimal(s)).toBe(Number(s))
    }), { numRuns: 20_000 })
  })

  test('anything else goes to Number(): edge cases', () => {
    const cases = ['', ' ', '0', '-0', '-0.0', '00012.50', '.5', '5.', '.', '-', '-.', '1..2', '1,5', '1e5', '1E-7', '+1', ' 2 ', '2\n',
      'NaN', 'Infinity', '-Infinity', '0x10', '0b11', '1_000', 'abc', '999999999999999', '9999999999999999', '9007199254740993',
      '123456789012345.6', '0.000000000000001', '0.1', '0.2', '0.30000000000000004', '1.7976931348623157e308', '30012.45']
    for (const s of cases) expect(Object.is(parseDecimal(s), Number(s)), JSON.stringify(s)).toBe(true)
  })
})
