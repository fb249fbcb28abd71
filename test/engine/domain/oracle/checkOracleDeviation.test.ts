import { describe, expect, test } from 'vitest'
import { checkOracleDeviation, deviationBps } from '../../../../engine/domain/oracle/checkOracleDeviation.ts'
import { OracleDeviationError } from '../../../../engine/domain/oracle/oracleErrors.ts'

describe('checkOracleDeviation', () => {
  test('deviation is symmetric, in bps of the smaller price', () => {
    expect(deviationBps(100, 101)).toBeCloseTo(100, 12)
    expect(deviationBps(101, 100)).toBeCloseTo(100, 12)
  })

  test('at the limit passes, above it throws naming the two sources that disagree most', () => {
    expect(checkOracleDeviation([{ source: 'a', price: 100 }, { source: 'b', price: 101 }], 100.0000001)).toBeCloseTo(100, 9)
    const three = [{ source: 'chainlink', price: 60_000 }, { source: 'twap', price: 60_100 }, { source: 'index', price: 61_000 }]
    try {
      checkOracleDeviation(three, 100)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(OracleDeviationError)
      expect(e).toMatchObject({ sourceA: 'chainlink', sourceB: 'index', maxBps: 100 })
      expect((e as OracleDeviationError).deviationBps).toBeCloseTo((1000 / 60_000) * 10_000, 9)
    }
  })

  test('one source alone cannot disagree; a non-positive price is refused', () => {
    expect(checkOracleDeviation([{ source: 'a', price: 5 }], 0)).toBe(0)
    expect(() => checkOracleDeviation([{ source: 'a', price: 0 }, { source: 'b', price: 1 }], 10)).toThrow(/price of a/)
  })
})
