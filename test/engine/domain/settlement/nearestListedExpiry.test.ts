import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { europeanExpiryMs, lastFridayExpiryMs, nearestListedExpiryMs } from '../../../../engine/domain/settlement/nearestListedExpiry.ts'
import { SettlementInputError } from '../../../../engine/errors/settlement.ts'

const DAY = 86_400_000
const H = 3_600_000

describe('Deribit expiry calendar', () => {
  test('last Friday of the month at 08:00 UTC, checked against listed Deribit instruments', () => {
    // BTC-29MAR24, BTC-28JUN24, BTC-27SEP24 and BTC-27DEC24 were Deribit's 2024 quarterly expiries.
    expect(lastFridayExpiryMs(2024, 2)).toBe(Date.UTC(2024, 2, 29, 8))
    expect(lastFridayExpiryMs(2024, 5)).toBe(Date.UTC(2024, 5, 28, 8))
    expect(lastFridayExpiryMs(2024, 8)).toBe(Date.UTC(2024, 8, 27, 8))
    expect(lastFridayExpiryMs(2024, 11)).toBe(Date.UTC(2024, 11, 27, 8))
    // a month whose last day is a Friday: May 2024 ends on Friday the 31st (BTC-31MAY24)
    expect(lastFridayExpiryMs(2024, 4)).toBe(Date.UTC(2024, 4, 31, 8))
    expect(europeanExpiryMs(2024, 5, 28, 9)).toBe(Date.UTC(2024, 5, 28, 9))
  })

  test('weekly: the JSDoc example, and the boundary at 08:00 exactly', () => {
    expect(nearestListedExpiryMs({ nowMs: Date.UTC(2024, 5, 24, 12), minDays: 3, cycle: 'weekly' })).toBe(Date.UTC(2024, 5, 28, 8))
    const fri8 = Date.UTC(2024, 5, 28, 8)
    expect(nearestListedExpiryMs({ nowMs: fri8 - 1, minDays: 0, cycle: 'weekly' })).toBe(fri8)
    expect(nearestListedExpiryMs({ nowMs: fri8, minDays: 0, cycle: 'weekly' })).toBe(fri8)
    expect(nearestListedExpiryMs({ nowMs: fri8 + 1, minDays: 0, cycle: 'weekly' })).toBe(fri8 + 7 * DAY)
    expect(nearestListedExpiryMs({ nowMs: fri8 - 7 * DAY, minDays: 7, cycle: 'weekly' })).toBe(fri8)
  })

  test('daily, monthly, quarterly and a configured hour', () => {
    expect(nearestListedExpiryMs({ nowMs: Date.UTC(2024, 5, 24, 9), minDays: 0, cycle: 'daily' })).toBe(Date.UTC(2024, 5, 25, 8))
    expect(nearestListedExpiryMs({ nowMs: Date.UTC(2024, 5, 24, 9), minDays: 0, cycle: 'daily', hourUtc: 10 })).toBe(Date.UTC(2024, 5, 24, 10))
    // 10 days after 20 June is 30 June: past June's last Friday, so July's (26 July 2024)
    expect(nearestListedExpiryMs({ nowMs: Date.UTC(2024, 5, 20), minDays: 10, cycle: 'monthly' })).toBe(Date.UTC(2024, 6, 26, 8))
    expect(nearestListedExpiryMs({ nowMs: Date.UTC(2024, 5, 20), minDays: 10, cycle: 'quarterly' })).toBe(Date.UTC(2024, 8, 27, 8))
    expect(nearestListedExpiryMs({ nowMs: Date.UTC(2024, 11, 28), minDays: 0, cycle: 'quarterly' })).toBe(Date.UTC(2025, 2, 28, 8))
  })

  test('for any time and horizon: the result is listed, at least minDays out, and no listed expiry comes between', () => {
    const now = fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2035, 0, 1) })
    const days = fc.double({ min: 0, max: 120, noNaN: true })
    fc.assert(fc.property(now, days, fc.integer({ min: 0, max: 23 }), (nowMs, minDays, hourUtc) => {
      const target = nowMs + minDays * DAY
      const w = nearestListedExpiryMs({ nowMs, minDays, cycle: 'weekly', hourUtc })
      const d = new Date(w)
      expect([d.getUTCDay(), d.getUTCHours(), d.getUTCMinutes(), w >= target, w - 7 * DAY < target]).toEqual([5, hourUtc, 0, true, true])
      const m = nearestListedExpiryMs({ nowMs, minDays, cycle: 'monthly', hourUtc })
      const dm = new Date(m)
      expect(dm.getUTCDay()).toBe(5)
      expect(new Date(m + 7 * DAY).getUTCMonth()).not.toBe(dm.getUTCMonth()) // the last Friday of its month
      expect(m >= target).toBe(true)
      const prevMonth = lastFridayExpiryMs(dm.getUTCFullYear(), dm.getUTCMonth() - 1, hourUtc)
      expect(prevMonth < target).toBe(true)
      const q = nearestListedExpiryMs({ nowMs, minDays, cycle: 'quarterly', hourUtc })
      expect(new Date(q).getUTCMonth() % 3).toBe(2)
      expect(q >= m && q >= target).toBe(true)
      const daily = nearestListedExpiryMs({ nowMs, minDays, cycle: 'daily', hourUtc })
      expect(daily >= target && daily - DAY < target && (daily - hourUtc * H) % DAY === 0).toBe(true)
    }))
  })

  test('bad input is named', () => {
    expect(() => nearestListedExpiryMs({ nowMs: 0, minDays: -1, cycle: 'weekly' })).toThrow(SettlementInputError)
    expect(() => nearestListedExpiryMs({ nowMs: 0, minDays: -1, cycle: 'weekly' })).toThrow('minDays must be a number of days >= 0, got -1')
    expect(() => nearestListedExpiryMs({ nowMs: 0, minDays: 1, cycle: 'weekly', hourUtc: 24 })).toThrow('hourUtc must be a whole hour from 0 to 23, got 24')
    expect(() => nearestListedExpiryMs({ nowMs: 0, minDays: 1, cycle: 'yearly' as never })).toThrow('cycle must be daily, weekly, monthly or quarterly')
  })
})
