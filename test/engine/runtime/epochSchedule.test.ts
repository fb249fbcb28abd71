import { describe, expect, test } from 'vitest'
import { nextEpochEndMs } from '../../../engine/runtime/epochSchedule.ts'

const weekly = { every: 'weekly', weekday: 'friday', hourUtc: 8 } as const

describe('nextEpochEndMs', () => {
  test('weekly: the next Friday 08:00 UTC (1 Jan 2024 was a Monday)', () => {
    expect(nextEpochEndMs(Date.UTC(2024, 0, 1), weekly)).toBe(Date.UTC(2024, 0, 5, 8))
  })
  test('strictly after: at an epoch end the next one is a week later', () => {
    expect(nextEpochEndMs(Date.UTC(2024, 0, 5, 8), weekly)).toBe(Date.UTC(2024, 0, 12, 8))
    expect(nextEpochEndMs(Date.UTC(2024, 0, 5, 7, 59), weekly)).toBe(Date.UTC(2024, 0, 5, 8))
  })
  test('daily: the next hourUtc', () => {
    const daily = { every: 'daily', weekday: 'friday', hourUtc: 8 } as const
    expect(nextEpochEndMs(Date.UTC(2024, 0, 1, 9), daily)).toBe(Date.UTC(2024, 0, 2, 8))
    expect(nextEpochEndMs(Date.UTC(2024, 0, 1, 7), daily)).toBe(Date.UTC(2024, 0, 1, 8))
  })
  test('monthly: the last weekday of the month (Deribit monthlies: 26 Jan 2024, 23 Feb 2024 are last Fridays)', () => {
    const monthly = { every: 'monthly', weekday: 'friday', hourUtc: 8 } as const
    expect(nextEpochEndMs(Date.UTC(2024, 0, 1), monthly)).toBe(Date.UTC(2024, 0, 26, 8))
    expect(nextEpochEndMs(Date.UTC(2024, 0, 26, 8), monthly)).toBe(Date.UTC(2024, 1, 23, 8))
  })
  test('another weekday: Wednesday epochs', () => {
    expect(nextEpochEndMs(Date.UTC(2024, 0, 1), { every: 'weekly', weekday: 'wednesday', hourUtc: 0 })).toBe(Date.UTC(2024, 0, 3, 0))
  })
})
