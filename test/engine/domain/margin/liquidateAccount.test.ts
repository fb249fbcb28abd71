import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { DEFAULT_LIQUIDATION, liquidateAccount } from '../../../../engine/domain/margin/liquidateAccount.ts'
import { accountHealth } from '../../../../engine/domain/margin/accountHealth.ts'
import { accountEquity } from '../../../../engine/domain/margin/accountEquity.ts'
import { standardMarginModel } from '../../../../engine/domain/margin/standardMargin.ts'
import { withVolBuffer } from '../../../../engine/domain/margin/volBuffer.ts'
import type { Position } from '../../../../engine/domain/margin/types.ts'
import { btcAccount, market, pos } from './marketFixture.ts'

// Random books of perpetuals and 28JUN24 options (long and short) on a random index, under the standard model and
// the same model behind a 1.5x vol buffer. What liquidation promises (liquidateAccount.ts, margin README):
// an account below health 1 is closed in steps until health reaches the target or nothing is left, never a step
// more; closing at the mark moves P&L into cash, so equity only changes by the penalties (and the deficit top-up
// of a bankrupt account); nothing is closed beyond the position's size.
const option = fc.record({
  strike: fc.integer({ min: 30, max: 90 }).map((k) => k * 1000),
  kind: fc.constantFrom('C', 'P'),
  size: fc.double({ min: -10, max: 10, noNaN: true }).filter((x) => Math.abs(x) > 0.01),
  entry: fc.double({ min: 0, max: 0.5, noNaN: true }),
  mark: fc.double({ min: 0.0001, max: 0.3, noNaN: true }),
})
const book = fc.record({
  // the starting health the collateral is sized for: near 1 (partial liquidations that stop at the target; a quarter
  // of the runs), deep below 1 (penalties can eat the equity), healthy, or under water from the start (bankrupt)
  health: fc.oneof(fc.double({ min: 0.6, max: 1.3, noNaN: true }), fc.double({ min: 0.05, max: 0.6, noNaN: true }), fc.constant(-0.5)),
  perp: fc.option(fc.record({ size: fc.double({ min: -40, max: 40, noNaN: true }).filter((x) => Math.abs(x) > 0.01),
    entry: fc.double({ min: 45_000, max: 60_000, noNaN: true }) }), { nil: undefined }),
  options: fc.array(option, { maxLength: 3 }),
  // near the entries: most books end up liquidated part-way, not only bankrupt
  index: fc.double({ min: 42_000, max: 64_000, noNaN: true }),
  buffered: fc.boolean(),
})

describe('liquidateAccount over random books', () => {
  test('restores health to the target (or closes everything), never over-liquidates, equity moves only by penalties', () => {
    fc.assert(fc.property(book, (b) => {
      const positions: Position[] = []
      const marks: Record<string, number> = {}
      if (b.perp !== undefined) positions.push(pos('BTC-PERPETUAL', b.perp.size, b.perp.entry))
      b.options.forEach((o) => {
        const name = `BTC-28JUN24-${o.strike}-${o.kind}`
        if (marks[name] !== undefined) return // one position per instrument
        marks[name] = o.mark
        positions.push(pos(name, o.size, o.entry))
      })
      const m = market({ indexUsd: b.index, optionMarks: marks })
      const model = b.buffered ? withVolBuffer(standardMarginModel(), { forecastVol: 0.9, referenceVol: 0.6 }) : standardMarginModel()
      const bare = accountHealth(btcAccount('a', 0, positions), m, model) // equity = unrealised P&L
      const acc = btcAccount('a', Math.max(0.001, b.health * bare.mm - bare.equity), positions)
      const before = accountHealth(acc, m, model)
      const r = liquidateAccount(acc, m, model)
      if (before.health >= 1 && before.equity >= 0) {
        expect(r.records).toEqual([])
        expect(r.account).toBe(acc)
        return
      }
      const after = accountHealth(r.account, m, model)
      const target = DEFAULT_LIQUIDATION.targetHealth
      expect(after.health >= target || r.account.positions.length === 0).toBe(true)
      if (r.deficitCoin === 0) {
        // the loop stopped at the first step that reached the target
        for (const rec of r.records.slice(0, -1)) expect(rec.healthAfter).toBeLessThan(target)
      } else {
        expect(r.account.positions).toEqual([])
      }
      const penalties = r.records.reduce((s, x) => s + x.penaltyCoin, 0)
      expect(penalties).toBeCloseTo(r.penaltiesCoin, 12)
      const scale = Math.max(1, Math.abs(before.equity))
      expect(Math.abs(after.equity - (before.equity - r.penaltiesCoin + r.deficitCoin))).toBeLessThanOrEqual(1e-9 * scale)
      expect(after.equity).toBeGreaterThanOrEqual(-1e-9 * scale)
      // closed sizes carry the position's sign and add up to no more than it held
      for (const p of positions) {
        const closed = r.records.filter((x) => x.instrument === p.instrument.name).reduce((s, x) => s + x.size, 0)
        const left = r.account.positions.find((x) => x.instrument.name === p.instrument.name)?.size ?? 0
        expect(Math.abs(closed + left - p.size)).toBeLessThanOrEqual(1e-9 * Math.abs(p.size))
        expect(closed * p.size).toBeGreaterThanOrEqual(0)
      }
    }), { numRuns: 400 })
  })

  test('penalties that take the last of the equity are no bankruptcy: margin-free long calls are kept, no deficit', () => {
    // fast-check's counterexample: short 6.89 BTC of the perpetual at 45000 with long deep-ITM calls, health 0.05 at 53000.
    // The first step's penalty is capped at the equity left, which leaves about -1e-17 BTC in floats; that once closed
    // the long calls too and booked a "deficit" of -0.
    const positions = [pos('BTC-PERPETUAL', -6.8856885421911365, 45_000), pos('BTC-28JUN24-30000-C', 5.260767795742707, 0),
      pos('BTC-28JUN24-31000-C', 0.010000000143063681, 0)]
    const m = market({ indexUsd: 52_999.99735176421, optionMarks: { 'BTC-28JUN24-30000-C': 0.1901833246817391, 'BTC-28JUN24-31000-C': 0.00774139719867297 } })
    const model = standardMarginModel()
    const bare = accountHealth(btcAccount('a', 0, positions), m, model)
    const acc = btcAccount('a', 0.05 * bare.mm - bare.equity, positions)
    const r = liquidateAccount(acc, m, model)
    expect(r.deficitCoin).toBe(0)
    expect(r.account.positions.map((p) => p.instrument.name)).toEqual(['BTC-28JUN24-30000-C', 'BTC-28JUN24-31000-C'])
    expect(new Set(r.records.map((x) => x.instrument))).toEqual(new Set(['BTC-PERPETUAL']))
    expect(accountHealth(r.account, m, model).health).toBe(Infinity) // nothing left that needs margin
    expect(r.penaltiesCoin).toBeCloseTo(accountEquity(acc, m), 15) // the penalties took exactly the equity there was
  })
})
