import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { optionPrice } from '../../../../engine/domain/pricing/optionGreeks.ts'
import { DEFAULT_PORTFOLIO_MARGIN, portfolioMarginModel, portfolioWorstLoss } from '../../../../engine/domain/margin/portfolioMargin.ts'
import { evenMoves, riskMatrix } from '../../../../engine/domain/margin/riskMatrix.ts'
import { standardMarginModel } from '../../../../engine/domain/margin/standardMargin.ts'
import { accountHealth } from '../../../../engine/domain/margin/accountHealth.ts'
import { resolveMarks } from '../../../../engine/domain/margin/resolveMarks.ts'
import { shockMarket, optionVolsFor } from '../../../../engine/domain/margin/shockMarket.ts'
import { btcAccount, market, pos } from './marketFixture.ts'

const CALL = 'BTC-28JUN24-60000-C'

describe('risk matrix', () => {
  test('Deribit PM grid: 9 evenly spaced moves over ±16%, zero included', () => {
    expect(evenMoves(0.16, 9).map((x) => Math.round(x * 100))).toEqual([-16, -12, -8, -4, 0, 4, 8, 12, 16])
  })

  test('a perpetual revalues in closed form; the unshocked cell is exactly 0', () => {
    // long 10 BTC at 50000: at index 50000 * (1 + m), P&L = 10 * (1 - 1 / (1 + m))
    const a = btcAccount('a', 1, [pos('BTC-PERPETUAL', 10, 50_000)])
    const moves = [-0.5, -0.1, 0, 0.25]
    const r = riskMatrix(a, market(), optionPrice, moves, [0])
    moves.forEach((m, i) => expect(r.pnl[i]).toBeCloseTo(10 * (1 - 1 / (1 + m)), 12))
  })

  test('the option leg reprices with the pricing core; the base cell reproduces the mark', () => {
    const m = market({ optionMarks: { [CALL]: 0.02 } })
    const a = btcAccount('a', 1, [pos(CALL, -1, 0.02)])
    const r = riskMatrix(a, m, optionPrice, [-0.1, 0, 0.1], [0, 0.5])
    expect(r.pnl[1]).toBeCloseTo(0, 12)
    expect(r.pnl[2]).toBeLessThan(r.pnl[1]!) // spot up hurts a short call
    expect(r.pnl[3 + 1]).toBeLessThan(r.pnl[1]!) // vol up hurts it too
    const vols = optionVolsFor(m, a.positions, optionPrice)
    const up = shockMarket(m, a.positions, 0.1, 0, optionPrice, vols)
    expect(r.pnl[2]).toBeCloseTo(-(up.optionMarks[CALL]! - 0.02), 12)
  })
})

describe('portfolio margin', () => {
  const m = resolveMarks(market({ optionVols: { [CALL]: 0.6, 'BTC-28JUN24-40000-P': 0.7 } }),
    [pos(CALL, 1, 0), pos('BTC-28JUN24-40000-P', 1, 0)], optionPrice)

  test('a hedged book needs less margin than its legs; standard margin sees no hedge', () => {
    const naked = btcAccount('n', 2, [pos('BTC-PERPETUAL', -10, 50_000)])
    const hedged = btcAccount('h', 2, [pos('BTC-PERPETUAL', -10, 50_000), pos('BTC-27SEP24', 10, 50_000)])
    const pm = portfolioMarginModel(optionPrice)
    expect(pm.maintenance(hedged, m)).toBeLessThan(1e-12) // perpetual and future at the index offset exactly
    expect(pm.maintenance(naked, m)).toBeCloseTo(10 * (1 - 1 / 1.16), 12) // worst case for a short: +16%
    expect(standardMarginModel().maintenance(hedged, m)).toBeGreaterThan(standardMarginModel().maintenance(naked, m))
  })

  test('MM is the worst loss over the grid; IM = 1.3 * MM', () => {
    const a = btcAccount('a', 1, [pos(CALL, -3, m.optionMarks[CALL]!)])
    const grid = riskMatrix(a, m, optionPrice, evenMoves(0.16, 9), DEFAULT_PORTFOLIO_MARGIN.volShifts)
    const worst = Math.max(...Array.from(grid.pnl, (x) => -x))
    const pmLoss = portfolioWorstLoss(a, m, optionPrice)
    expect(pmLoss).toBeGreaterThanOrEqual(worst - 1e-12)
    const pm = portfolioMarginModel(optionPrice)
    expect(pm.initial(a, m)).toBeCloseTo(1.3 * pm.maintenance(a, m), 12)
  })

  test('a long option can lose at most its premium', () => {
    const a = btcAccount('a', 1, [pos(CALL, 2, m.optionMarks[CALL]!)])
    expect(portfolioWorstLoss(a, m, optionPrice)).toBeLessThanOrEqual(2 * m.optionMarks[CALL]! + 1e-12)
  })
})

describe('properties with repriced options', () => {
  test('health of a short-call book falls as spot rises (standard margin)', () => {
    fc.assert(fc.property(
      fc.double({ min: 40_000, max: 80_000, noNaN: true }), fc.double({ min: 0.3, max: 1.2, noNaN: true }),
      fc.double({ min: 0.5, max: 5, noNaN: true }), fc.double({ min: 0.2, max: 3, noNaN: true }),
      (strike, vol, contracts, btc) => {
        const name = `BTC-28JUN24-${Math.round(strike)}-C`
        const a = btcAccount('a', btc, [pos(name, -contracts, 0.01)])
        // Only the standard model: under portfolio margin both equity and the worst loss shrink deep ITM (an inverse
        // call is worth at most 1 coin), and their ratio can tick up by 1e-8, so monotone health is not a PM property.
        for (const model of [standardMarginModel()]) {
          let prev = Infinity
          for (const index of [30_000, 40_000, 50_000, 60_000, 70_000, 90_000]) {
            const mk = resolveMarks(market({ indexUsd: index, optionVols: { [name]: vol } }), a.positions, optionPrice)
            const h = accountHealth(a, mk, model).health
            expect(h).toBeLessThanOrEqual(prev * (1 + 1e-12))
            prev = h
          }
        }
      }), { numRuns: 40 })
  })

  test('IM >= MM for random option and futures books under both models', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ strike: fc.integer({ min: 20_000, max: 100_000 }), call: fc.boolean(), size: fc.double({ min: -5, max: 5, noNaN: true }) }), { minLength: 1, maxLength: 4 }),
      fc.double({ min: -20, max: 20, noNaN: true }),
      (legs, perp) => {
        const positions = [...legs.map((l) => pos(`BTC-28JUN24-${l.strike}-${l.call ? 'C' : 'P'}`, l.size, 0.01)), pos('BTC-PERPETUAL', perp, 48_000)]
        const vols = Object.fromEntries(positions.map((p) => [p.instrument.name, 0.6]))
        const mk = resolveMarks(market({ optionVols: vols }), positions, optionPrice)
        const a = btcAccount('a', 1, positions)
        for (const model of [standardMarginModel(), portfolioMarginModel(optionPrice)]) {
          expect(model.initial(a, mk)).toBeGreaterThanOrEqual(model.maintenance(a, mk))
        }
      }), { numRuns: 40 })
  })
})
