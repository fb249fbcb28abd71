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

  test('writers emit one style', () => {
    expect(formatTimestamp(1_704_067_200_000)).toBe('2024-01-01T00:00:00.000Z')
  })
})
