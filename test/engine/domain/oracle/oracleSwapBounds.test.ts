import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { maxQuoteIn, minQuoteOut } from '../../../../engine/domain/oracle/oracleSwapBounds.ts'

const chainlink60k = { answer: 6_000_000_000_000n, decimals: 8, source: 'chainlink', updatedAtMs: 0 }

describe('oracle swap bounds', () => {
  test('0.5 WBTC at 60 000 with 100 bps: at least 29 700 USDC out, at most 30 300 USDC in (hand-computed)', () => {
    const x = { baseRaw: 50_000_000n, baseDecimals: 8, quoteDecimals: 6, price: chainlink60k, maxSlippageBps: 100 }
    expect(minQuoteOut(x)).toBe(29_700_000_000n)
    expect(maxQuoteIn(x)).toBe(30_300_000_000n)
  })

  test('rounding always favours us: min rounds down, max rounds up (1 satoshi at 60 000 = 0.0006 USDC = 600 units)', () => {
    const x = { baseRaw: 1n, baseDecimals: 8, quoteDecimals: 6, price: { ...chainlink60k, answer: 6_000_000_000_001n }, maxSlippageBps: 0 }
    expect(minQuoteOut(x)).toBe(600n)
    expect(maxQuoteIn(x)).toBe(601n)
  })

  test('property: min <= oracle value <= max, and they bracket it by the slippage within one unit', () => {
    fc.assert(fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: 0, max: 5000 }), fc.bigInt({ min: 1n, max: 10n ** 14n }), (baseRaw, slip, answer) => {
      const x = { baseRaw, baseDecimals: 8, quoteDecimals: 6, price: { ...chainlink60k, answer }, maxSlippageBps: slip }
      const valueX1e4 = (baseRaw * answer * 10n ** 6n * 10_000n) / 10n ** 16n
      const lo = minQuoteOut(x)
      const hi = maxQuoteIn(x)
      expect(lo * 10_000n).toBeLessThanOrEqual((valueX1e4 * BigInt(10_000 - slip)) / 10_000n + 10_000n)
      expect(lo).toBeLessThanOrEqual(hi)
      expect(hi * 10_000n + 10_000n).toBeGreaterThanOrEqual((valueX1e4 * BigInt(10_000 + slip)) / 10_000n)
    }))
  })

  test('bad inputs are refused, not rounded into a zero limit', () => {
    const x = { baseRaw: 1n, baseDecimals: 8, quoteDecimals: 6, price: chainlink60k, maxSlippageBps: 100 }
    expect(() => minQuoteOut({ ...x, baseRaw: 0n })).toThrow(/baseRaw/)
    expect(() => minQuoteOut({ ...x, maxSlippageBps: 10_000 })).toThrow(/maxSlippageBps/)
    expect(() => maxQuoteIn({ ...x, maxSlippageBps: 1.5 })).toThrow(/maxSlippageBps/)
    expect(() => maxQuoteIn({ ...x, price: { ...chainlink60k, answer: 0n } })).toThrow(/price.answer/)
  })
})
