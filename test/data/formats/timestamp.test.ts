import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { epochToMs, formatTimestamp, parseTimestampMs } from '../../../data/formats/timestamp.ts'

describe('the timestamp rule', () => {
  test('ISO with a zone, ISO without a zone as UTC, and a date alone as UTC midnight', () => {
    // reference: 2024-01-01T00:00:00Z is 1704067200 s after the epoch (date -u -d 2024-01-01 +%s)
    expect(parseTimestampMs('2024-01-01T00:00:00Z')).toBe(1_704_067_200_000)
    expect(parseTimestampMs('2024-01-01T00:00:00.000Z')).toBe(1_704_067_200_000)
    expect(parseTimestampMs('2024-01-01 00:00:00')).toBe(1_704_067_200_000)
    expect(parseTimestampMs('2024-01-01')).toBe(1_704_067_200_000)
    expect(parseTimestampMs('2026-03-13 08:00:00+00:00')).toBe(Date.UTC(2026, 2, 13, 8))
    expect(parseTimestampMs('2024-01-01T02:00:00+02:00')).toBe(1_704_067_200_000)
    expect(parseTimestampMs('2023-12-31T19:00:00-0500')).toBe(1_704_067_200_000)
    expect(parseTimestampMs('2024-01-01T00:00:00.5Z')).toBe(1_704_067_200_500)
  })

  test('epoch numbers: below 1e11 is seconds, otherwise milliseconds', () => {
    expect(parseTimestampMs('1704067200')).toBe(1_704_067_200_000)
    expect(parseTimestampMs('1704067200000')).toBe(1_704_067_200_000)
    expect(epochToMs(99_999_999_999)).toBe(99_999_999_999_000) // just below the boundary: seconds
    expect(epochToMs(100_000_000_000)).toBe(100_000_000_000) // at it: milliseconds
    expect(parseTimestampMs('1660953600')).toBe(Date.UTC(2022, 7, 20)) // CryptoDataDownload `unix`, newest Bitstamp row
  })

  test('text that is no timestamp, or an impossible date, is NaN', () => {
    for (const bad of ['', 'abc', '2024-13-01', '2024-02-30', '2023-02-29T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T00:60:00.000Z', '01/02/2024']) {
      expect(parseTimestampMs(bad), bad).toBeNaN()
    }
    expect(parseTimestampMs('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29)) // leap day exists in 2024
  })

  test('the fast path agrees with Date for every instant writers can emit', () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2199, 11, 31) }), (ms) => {
      const iso = formatTimestamp(ms)
      expect(parseTimestampMs(iso)).toBe(ms)
      expect(parseTimestampMs(iso.replace(/\.\d{3}Z$/, 'Z'))).toBe(ms - (ms % 1000))
    }))
  })

  // The canonical form is read digit by digit with the last date cached: it must give what V8's Date.parse
  // gives (the reference) for every real date, and NaN for a day the month does not have, where Date.parse
  // rolls over (Date.parse('2024-02-30T00:00:00Z') is 1 March). Calls alternate between random dates, so a
  // cached date is checked against every other.
  test('canonical ISO equals Date.parse for every valid date 1970-2100 and is NaN for an impossible day', () => {
    const leapYears = fc.constantFrom(1972, 1996, 2000, 2024, 2096)
    const stamp = fc.record({
      y: fc.oneof(fc.integer({ min: 1970, max: 2100 }), leapYears, fc.constant(2100)),
      mo: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant(2)),
      d: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constantFrom(28, 29, 30, 31)),
      h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.integer({ min: 0, max: 59 }), ms: fc.integer({ min: 0, max: 999 }),
      withMs: fc.boolean(),
    })
    const p2 = (x: number): string => String(x).padStart(2, '0')
    fc.assert(fc.property(fc.array(stamp, { minLength: 1, maxLength: 8 }), (stamps) => {
      for (const { y, mo, d, h, mi, s, ms, withMs } of stamps) {
        const text = `${y}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}${withMs ? `.${String(ms).padStart(3, '0')}` : ''}Z`
        const real = new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d // no roll-over into the next month
        if (real) expect(parseTimestampMs(text), text).toBe(Date.parse(text))
        else expect(parseTimestampMs(text), text).toBeNaN()
      }
    }), { numRuns: 5000 })
  })

  test('leap days by the Gregorian rule, also right after the same date was read', () => {
    expect(parseTimestampMs('2000-02-29T00:00:00.000Z')).toBe(Date.UTC(2000, 1, 29)) // divisible by 400: leap
    expect(parseTimestampMs('2100-02-28T23:59:59.999Z')).toBe(Date.UTC(2100, 1, 28, 23, 59, 59, 999))
    expect(parseTimestampMs('2100-02-29T00:00:00.000Z')).toBeNaN() // divisible by 100, not 400: no leap day
    expect(parseTimestampMs('2024-02-29T12:00:00Z')).toBe(Date.UTC(2024, 1, 29, 12))
    expect(parseTimestampMs('2024-02-30T12:00:00Z')).toBeNaN()
    expect(parseTimestampMs('2024-02-29T24:00:00Z')).toBeNaN() // date cached, hour still checked
    expect(parseTimestampMs('2024-02-29T12:00:60.000Z')).toBeNaN()
    expect(parseTimestampMs('2024-02-2xT12:00:00Z')).toBeNaN()
  })

  test('writers emit one style', () => {
    expect(formatTimestamp(1_704_067_200_000)).toBe('2024-01-01T00:00:00.000Z')
  })
})
