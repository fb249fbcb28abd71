import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { DEFAULT_SETTLEMENT_WINDOW_MS, twapSettlementPrice } from '../../../../engine/domain/settlement/twapSettlementPrice.ts'
import { NoSettlementSamplesError, SettlementInputError } from '../../../../engine/errors/settlement.ts'

const MIN = 60_000
const EXP = Date.UTC(2024, 5, 28, 8) // BTC-28JUN24 expiry, 08:00 UTC
const at = (minutesBeforeExpiry: number) => EXP - minutesBeforeExpiry * MIN

describe('TWAP settlement price over the 30 minutes before expiry', () => {
  test('equal steps average plainly (the JSDoc example)', () => {
    expect(twapSettlementPrice({ tMs: [0, 600_000, 1_200_000], price: [100, 110, 120], expiryMs: 1_800_000 })).toBe(110)
    expect(DEFAULT_SETTLEMENT_WINDOW_MS).toBe(30 * MIN)
  })

  test('300 index prices every 6 seconds average to their plain mean (deribit.com/docs/expiration-price)', () => {
    const tMs = Float64Array.from({ length: 300 }, (_, k) => at(30) + 6_000 * k)
    const price = Float64Array.from({ length: 300 }, (_, k) => 60_000 + ((k * 37) % 101))
    const mean = price.reduce((a, b) => a + b, 0) / 300
    expect(twapSettlementPrice({ tMs, price, expiryMs: EXP })).toBeCloseTo(mean, 9)
  })

  test('unequal steps weigh by time: each price holds until the next sample', () => {
    // 100 for 20 min, 130 for 10 min: (100 * 20 + 130 * 10) / 30 = 110
    expect(twapSettlementPrice({ tMs: [at(30), at(10)], price: [100, 130], expiryMs: EXP })).toBeCloseTo(110, 12)
  })

  test('a sample exactly at the window start counts, one before it does not', () => {
    // the sample 31 minutes out is outside; the one exactly 30 minutes out holds 100 for 15 min, then 200 for 15
    const r = twapSettlementPrice({ tMs: [at(31), at(30), at(15)], price: [1_000_000, 100, 200], expiryMs: EXP })
    expect(r).toBeCloseTo(150, 12)
  })

  test('a sample exactly at expiry holds for 0 ms; one after expiry is ignored whatever its price', () => {
    const base = { tMs: [at(30), at(15)], price: [100, 200], expiryMs: EXP }
    const r = twapSettlementPrice(base)
    expect(twapSettlementPrice({ ...base, tMs: [...base.tMs, EXP], price: [...base.price, 9_999] })).toBe(r)
    expect(twapSettlementPrice({ ...base, tMs: [...base.tMs, EXP + 1], price: [...base.price, 9_999] })).toBe(r)
    expect(twapSettlementPrice({ ...base, tMs: [...base.tMs, EXP + MIN, EXP + 2 * MIN], price: [...base.price, 1, 1] })).toBe(r)
  })

  test('a single sample in the window is the settlement price, also when it is exactly at expiry', () => {
    expect(twapSettlementPrice({ tMs: [at(40), at(7)], price: [1, 64_321.5], expiryMs: EXP })).toBe(64_321.5)
    expect(twapSettlementPrice({ tMs: [at(40), EXP, EXP + 1], price: [1, 64_321.5, 2], expiryMs: EXP })).toBe(64_321.5)
  })

  test('a window that starts before the first sample averages from that sample, never from a price before the window', () => {
    // samples 20 and 10 minutes out: 100 for 10 min, 400 for 10 min -> 250 (the 30 -> 20 gap is not filled)
    expect(twapSettlementPrice({ tMs: [at(45), at(20), at(10)], price: [7, 100, 400], expiryMs: EXP })).toBeCloseTo(250, 12)
  })

  test('configurable window; Float64Array columns give the same answer as arrays', () => {
    const tMs = [at(60), at(45), at(30), at(15)], price = [10, 20, 30, 40]
    // 60-minute window: (10 + 20 + 30 + 40) * 15 / 60 = 25
    expect(twapSettlementPrice({ tMs, price, expiryMs: EXP, windowMs: 60 * MIN })).toBeCloseTo(25, 12)
    expect(twapSettlementPrice({ tMs: Float64Array.from(tMs), price: Float64Array.from(price), expiryMs: EXP, windowMs: 60 * MIN }))
      .toBe(twapSettlementPrice({ tMs, price, expiryMs: EXP, windowMs: 60 * MIN }))
  })

  test('matches a brute-force second-by-second average over random samples', () => {
    const sample = fc.tuple(fc.integer({ min: -45 * 60, max: 5 * 60 }), fc.double({ min: 1, max: 1e6, noNaN: true }))
    fc.assert(fc.property(fc.array(sample, { minLength: 1, maxLength: 30 }), (raw) => {
      const sorted = [...raw].sort((a, b) => a[0] - b[0])
      const tMs = sorted.map(([s]) => EXP + s * 1000), price = sorted.map(([, p]) => p)
      const inWindow = sorted.filter(([s]) => s >= -1800 && s <= 0)
      if (inWindow.length === 0) {
        expect(() => twapSettlementPrice({ tMs, price, expiryMs: EXP })).toThrow(NoSettlementSamplesError)
        return
      }
      // reference: for each second from the first in-window sample to expiry, the last in-window sample at or before it
      let sum = 0, n = 0
      for (let s = inWindow[0]![0]; s < 0; s++) {
        let p = NaN
        for (const [ts, px] of inWindow) if (ts <= s) p = px
        sum += p; n++
      }
      const want = n > 0 ? sum / n : inWindow[inWindow.length - 1]![1]
      const got = twapSettlementPrice({ tMs, price, expiryMs: EXP })
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * want)
    }))
  })

  test('bad input is named: empty window, bad price, unsorted times, length mismatch', () => {
    const empty = () => twapSettlementPrice({ tMs: [at(31), EXP + 1], price: [1, 2], expiryMs: EXP })
    expect(empty).toThrow(NoSettlementSamplesError)
    expect(empty).toThrow('no index sample between 2024-06-28T07:30:00.000Z and expiry 2024-06-28T08:00:00.000Z (2 samples given)')
    expect(() => twapSettlementPrice({ tMs: [at(20), at(10)], price: [1, NaN], expiryMs: EXP })).toThrow('price[1] must be a positive finite number, got NaN')
    expect(() => twapSettlementPrice({ tMs: [at(20), at(25), at(5)], price: [1, 2, 3], expiryMs: EXP })).toThrow(SettlementInputError)
    expect(() => twapSettlementPrice({ tMs: [at(20), at(25), at(5)], price: [1, 2, 3], expiryMs: EXP })).toThrow('before tMs[')
    expect(() => twapSettlementPrice({ tMs: [at(20)], price: [1, 2], expiryMs: EXP })).toThrow('price has 2 samples but tMs has 1')
  })
})
