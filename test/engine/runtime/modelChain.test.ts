import { describe, expect, test } from 'vitest'
import { ModelChain } from '../../../engine/runtime/modelChain.ts'
import { SimClock } from '../../../engine/runtime/simClock.ts'
import { VolSource } from '../../../engine/runtime/volSource.ts'
import { optionGreeks } from '../../../engine/domain/pricing/optionGreeks.ts'
import { MS_PER_YEAR } from '../../../engine/domain/units.ts'
import type { BarSeries } from '../../../engine/runtime/marketView.ts'

const oneBar: BarSeries = { length: 1, tMs: new Float64Array([0]), open: new Float64Array([1]), high: new Float64Array([1]), low: new Float64Array([1]), close: new Float64Array([1]), volume: new Float64Array([0]) }

function chainAt(nowMs: number, spot: number, spread = 0.01) {
  const clock = new SimClock()
  clock.set(nowMs, spot)
  const vol = new VolSource({ source: 'constant', value: 0.6, sellSpreadVol: spread }, oneBar, 3_600_000)
  return { chain: new ModelChain(clock, { underlying: 'BTC', quote: 'USD', inverse: true, vol }), clock }
}

describe('ModelChain', () => {
  const now = Date.UTC(2024, 0, 1, 1) // Monday 01:00 UTC
  test('lists Deribit-style expiries after now: dailies, Friday weeklies, last-Friday monthlies', () => {
    const { chain } = chainAt(now, 42_000)
    const e = chain.expiries()
    expect(e[0]).toBe(Date.UTC(2024, 0, 1, 8))
    expect(e).toContain(Date.UTC(2024, 0, 5, 8))
    expect(e).toContain(Date.UTC(2024, 0, 26, 8))
    expect(e).toContain(Date.UTC(2024, 2, 29, 8)) // March quarterly
    expect([...e].sort((a, b) => a - b)).toEqual(e)
    expect(chain.nearestExpiry({ minDays: 5 })).toBe(Date.UTC(2024, 0, 12, 8))
  })
  test('strike grid: steps of 1000 around BTC 42000, from half to twice spot', () => {
    const { chain } = chainAt(now, 42_000)
    const k = chain.strikes(Date.UTC(2024, 0, 5, 8))
    expect(k[0]).toBe(21_000)
    expect(k.at(-1)).toBe(84_000)
    expect(k[1]! - k[0]!).toBe(1000)
  })
  test('nearestByDelta picks the listed strike whose Black-Scholes delta is closest (brute force over the grid)', () => {
    const { chain } = chainAt(now, 42_000)
    const expiryMs = Date.UTC(2024, 0, 5, 8)
    const t = (expiryMs - now) / MS_PER_YEAR
    const got = chain.nearestByDelta({ kind: 'call', delta: 0.25, expiryMs })
    let best = 0, gap = Infinity
    for (const k of chain.strikes(expiryMs)) {
      const d = optionGreeks({ model: 'bsm', kind: 'call', underlying: 42_000, strike: k, tYears: t, sigma: 0.6, rate: 0 }).delta
      if (Math.abs(d - 0.25) < gap) { gap = Math.abs(d - 0.25); best = k }
    }
    expect(got.strike).toBe(best)
    expect(got.id).toBe(`BTC-5JAN24-${best}-C`)
    const put = chain.nearestByDelta({ kind: 'put', delta: 0.25, expiryMs })
    expect(put.strike).toBeLessThan(42_000)
    expect(chain.nearestByDelta({ kind: 'put', delta: -0.25, expiryMs })).toBe(put)
  })
  test('quote: mark at the model vol, bid and ask at -/+ sellSpreadVol, in quote currency', () => {
    const { chain } = chainAt(now, 42_000, 0.02)
    const expiryMs = Date.UTC(2024, 0, 5, 8)
    const ins = chain.nearestByStrike({ kind: 'call', strike: 45_100, expiryMs })
    expect(ins.strike).toBe(45_000)
    const q = chain.quote(ins.id)
    const t = (expiryMs - now) / MS_PER_YEAR
    const px = (sigma: number) => optionGreeks({ model: 'bsm', kind: 'call', underlying: 42_000, strike: 45_000, tYears: t, sigma, rate: 0 }).price
    expect(q.mark).toBeCloseTo(px(0.6), 9)
    expect(q.bid).toBeCloseTo(px(0.58), 9)
    expect(q.ask).toBeCloseTo(px(0.62), 9)
    expect(q.markIv).toBe(0.6)
  })
  test('an id the chain never listed is an error, not a silent price', () => {
    const { chain } = chainAt(now, 42_000)
    expect(() => chain.quote('BTC-5JAN24-12345-C')).toThrow(/not in the chain/)
  })
})
