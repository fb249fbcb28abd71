import { describe, expect, test } from 'vitest'
import gammaVault from '../../../strategies/gammaScaling/index.ts'
import { gammaBudget } from '../../../strategies/gammaScaling/gammaBudget.ts'
import { gammaSide } from '../../../strategies/gammaScaling/gammaSide.ts'
import { forecastVol } from '../../../strategies/gammaScaling/forecastVol.ts'
import { ewmaVolNow } from '../../../strategies/gammaScaling/ewmaTracker.ts'
import { planLadder } from '../../../strategies/gammaScaling/planLadder.ts'
import { gammaScalingParams, type GammaScalingParams } from '../../../strategies/gammaScaling/gammaScalingParams.ts'
import { optionGreeks } from '../../../engine/domain/pricing/optionGreeks.ts'
import { whalleyWilmottHalfWidth } from '../../../engine/domain/hedging/whalleyWilmott.ts'
import { NormalSampler } from '../../../data/random/normalSampler.ts'
import { Xoshiro128 } from '../../../data/random/xoshiro128.ts'
import { fakeContext, type FakeSetup } from '../support/fakeContext.ts'

const HOURS_PER_YEAR = 8760
const NOW = Date.UTC(2024, 5, 7, 8)
const FRI1 = Date.UTC(2024, 5, 14, 8)
const FRI2 = Date.UTC(2024, 5, 21, 8)
const FRI4 = Date.UTC(2024, 6, 5, 8)

/** Hourly closes whose log returns alternate +a, -a: every squared return is a^2, so EWMA (any lambda, any seed)
 * forecasts exactly a^2 per hour, i.e. an annual vol of a * sqrt(8760). Ends at 60,000. */
function closesWithVol(vol: number, n = 200): number[] {
  const a = vol / Math.sqrt(HOURS_PER_YEAR)
  const out = [60_000]
  for (let i = 1; i < n; i++) out.unshift(out[0]! * Math.exp(i % 2 === 1 ? a : -a))
  return out
}

const STRIKES = Array.from({ length: 41 }, (_, i) => 40_000 + i * 1000)
const setup = (o: Partial<FakeSetup> & { forecast?: number } = {}): FakeSetup => ({
  closes: closesWithVol(o.forecast ?? 0.8), nowMs: NOW, expiries: [FRI1, FRI2, Date.UTC(2024, 5, 28, 8), FRI4],
  strikes: STRIKES, iv: 0.5, navAsset: 25, underlyingQty: 0, ...o })
const params = (o: Record<string, unknown> = {}): GammaScalingParams =>
  gammaScalingParams.parse({ lookbackDays: 5, cashGammaBudgetPct: 0.01, ...o })
/** Independent cash gamma per 1% move of one ATM straddle: 0.5 * (Gc + Gp) * S^2 * 1e-4 (BSM, r = 0). */
const straddleCashGamma = (strike: number, expiryMs: number, sigma: number) => {
  const g = (kind: 'call' | 'put') => optionGreeks({ model: 'bsm', kind, underlying: 60_000, strike,
    tYears: (expiryMs - NOW) / (365 * 86_400_000), sigma, rate: 0 }).gamma
  return 0.5 * (g('call') + g('put')) * 60_000 ** 2 * 1e-4
}

describe('gamma budget', () => {
  const b = (health: number, impliedVol = 0.5, forecastVol = 0.5, volScalePower = 1) => gammaBudget({ navQuote: 1.5e6,
    budgetPct: 0.01, health, healthFloor: 1.2, healthFull: 2, impliedVol, forecastVol, volScalePower })
  test('1bp of a 1.5M NAV is 150 per 1% move, in full health and with forecast at implied', () => {
    expect(b(Infinity).budgetQuote).toBeCloseTo(150, 9)
    expect(b(2).budgetQuote).toBeCloseTo(150, 9)
  })
  test('shrinks linearly to zero as the health factor falls to the floor', () => {
    expect(b(1.6).healthScale).toBeCloseTo(0.5, 12)
    expect(b(1.6).budgetQuote).toBeCloseTo(75, 9)
    expect(b(1.4).budgetQuote).toBeCloseTo(37.5, 9)
    expect(b(1.2).budgetQuote).toBe(0)
    expect(b(1.05).budgetQuote).toBe(0)
  })
  test('shrinks as forecast vol rises above implied, never grows when it falls below', () => {
    expect(b(Infinity, 0.5, 0.625).budgetQuote).toBeCloseTo(120, 9) // x 0.8
    expect(b(Infinity, 0.5, 1.0).budgetQuote).toBeCloseTo(75, 9) // x 0.5
    expect(b(Infinity, 0.5, 1.0, 2).budgetQuote).toBeCloseTo(37.5, 9) // x 0.25
    expect(b(Infinity, 0.5, 0.25).budgetQuote).toBeCloseTo(150, 9)
    expect(b(1.6, 0.5, 1.0).budgetQuote).toBeCloseTo(37.5, 9) // both at once multiply
  })
})

describe('long or short gamma', () => {
  test('long below threshold x forecast, short above forecast / threshold, flat between', () => {
    expect(gammaSide(0.53, 0.6, 0.9, true)).toBe('long') // 0.53 < 0.54
    expect(gammaSide(0.55, 0.6, 0.9, true)).toBe('flat')
    expect(gammaSide(0.66, 0.6, 0.9, true)).toBe('flat') // 0.66 < 0.6667
    expect(gammaSide(0.67, 0.6, 0.9, true)).toBe('short')
    expect(gammaSide(0.67, 0.6, 0.9, false)).toBe('flat')
    expect(gammaSide(0.5, Number.NaN, 0.9, true)).toBe('flat')
  })
})

describe('vol forecast from past closes', () => {
  test('EWMA of constant squared returns is that constant, annualised per bar', () => {
    const f = forecastVol(Float64Array.from(closesWithVol(0.8)), 3_600_000, 'ewma', { lambdaDaily: 0.94, horizonMs: 0 })
    expect(f).toBeCloseTo(0.8, 10)
    expect(forecastVol(Float64Array.from(closesWithVol(0.8, 15)), 3_600_000, 'ewma', { lambdaDaily: 0.94, horizonMs: 0 })).toBeUndefined()
  })
  test('GARCH(1,1) on 1,500 i.i.d. normal hourly returns of 60 vol forecasts near 60 vol', () => {
    const n = new NormalSampler(new Xoshiro128(7))
    const a = 0.6 / Math.sqrt(HOURS_PER_YEAR)
    const closes = new Float64Array(1501)
    closes[0] = 60_000
    for (let i = 1; i < closes.length; i++) closes[i] = closes[i - 1]! * Math.exp(a * n.next())
    const f = forecastVol(closes, 3_600_000, 'garch', { lambdaDaily: 0.94, horizonMs: 7 * 86_400_000 })!
    // sampling error of a vol estimate from 1,500 returns is about 0.6 / sqrt(2 * 1500) = 1.1 vol points
    expect(Math.abs(f - 0.6)).toBeLessThan(0.05)
  })
})

describe('gamma-vault sizing against the budget', () => {
  test('long ATM straddles sized to the budget: NAV 25 BTC at 60,000, 1bp, IV 50 vs forecast 80', () => {
    const ctx = fakeContext(setup())
    const [r] = planLadder(ctx, params())
    expect(r!.side).toBe('long') // 0.5 < 0.9 * 0.8
    expect(r!.expiryMs).toBe(FRI1)
    expect(r!.call.strike).toBe(60_000)
    expect(r!.put.id).toBe('BTC-14JUN24-60000-P')
    expect(r!.forecastVol).toBeCloseTo(0.8, 10)
    expect(r!.volScale).toBeCloseTo(0.625, 10)
    expect(r!.budgetQuote).toBeCloseTo(1.5e6 * 1e-4 * 0.625, 9) // 93.75 USD per 1% move
    const cg = straddleCashGamma(60_000, FRI1, 0.5)
    expect(r!.cashGammaPerUnit).toBeCloseTo(cg, 9)
    expect(r!.qty * cg).toBeLessThanOrEqual(r!.budgetQuote) // within budget
    expect((r!.qty + 0.1) * cg).toBeGreaterThan(r!.budgetQuote) // and one step more would not be
  })

  test('the size shrinks with the health factor and with a higher forecast, and stops at the floor', () => {
    const qty = (o: Partial<FakeSetup> & { forecast?: number }) => planLadder(fakeContext(setup(o)), params({ qtyStep: 0 }))[0]!.qty
    const full = qty({})
    expect(qty({ health: 1.6 }) / full).toBeCloseTo(0.5, 12)
    expect(qty({ health: 1.2 })).toBe(0)
    expect(qty({ forecast: 1.0 }) / full).toBeCloseTo(0.8 / 1.0, 10) // volScale 0.5 vs 0.625
  })

  test('short when implied is rich, flat in between or when shorting is off', () => {
    const rich = planLadder(fakeContext(setup({ iv: 0.9, forecast: 0.6 })), params())[0]!
    expect(rich.side).toBe('short')
    expect(rich.qty).toBeLessThan(0)
    expect(rich.volScale).toBe(1) // forecast below implied does not grow the budget
    expect(planLadder(fakeContext(setup({ iv: 0.9, forecast: 0.6 })), params({ allowShort: false }))[0]!.qty).toBe(0)
    expect(planLadder(fakeContext(setup({ iv: 0.5, forecast: 0.52 })), params())[0]!.side).toBe('flat')
  })

  test('a ladder splits the budget over expiries', () => {
    const ctx = fakeContext(setup())
    const plan = planLadder(ctx, params({ qtyStep: 0, ladder: [{ daysToExpiry: 7, budgetPct: 50 }, { daysToExpiry: 28, budgetPct: 50 }] }))
    expect(plan.map((r) => r.expiryMs)).toEqual([FRI1, FRI4])
    for (const r of plan) expect(r.qty * r.cashGammaPerUnit).toBeCloseTo(1.5e6 * 1e-4 * 0.625 / 2, 9)
    expect(plan[1]!.qty).toBeGreaterThan(plan[0]!.qty) // a 4-week straddle has less gamma per unit
  })

  test('a ladder whose shares add up to more than 100% is rejected', () => {
    const r = gammaScalingParams.safeParse({ ladder: [{ daysToExpiry: 7, budgetPct: 60 }, { daysToExpiry: 14, budgetPct: 50 }] })
    expect(r.success).toBe(false)
  })
})

describe('gamma-vault trading', () => {
  test('epoch start buys the straddle and closes what left the ladder', async () => {
    const ctx = fakeContext(setup({ positions: { 'BTC-21JUN24-58000-C': 1.5 } }))
    await gammaVault.onEpochStart!(ctx, params())
    const plan = planLadder(ctx, params())[0]!
    expect(plan.qty).toBeGreaterThan(0)
    expect(ctx.orders).toEqual([ // in instrument-id order, so a replay sends them in the same order
      { side: 'buy', instrument: 'BTC-14JUN24-60000-C', qty: plan.qty, o: { reason: 'gamma ladder: resize' } },
      { side: 'buy', instrument: 'BTC-14JUN24-60000-P', qty: plan.qty, o: { reason: 'gamma ladder: resize' } },
      { side: 'sell', instrument: 'BTC-21JUN24-58000-C', qty: 1.5, o: { reason: 'gamma ladder: close, no longer in the ladder' } },
    ])
  })

  test('between epochs a health drop cuts positions to the shrunk budget, once per unfilled cut', async () => {
    const ctx = fakeContext(setup())
    const p = params({ qtyStep: 0 })
    await gammaVault.onEpochStart!(ctx, p)
    const before = ctx.book.get('BTC-14JUN24-60000-C')!
    await gammaVault.onBar!(ctx, p)
    expect(ctx.orders).toHaveLength(2) // within budget: nothing
    ctx.setHealth(1.4) // health scale 1 -> 0.25
    await gammaVault.onBar!(ctx, p)
    expect(ctx.orders).toHaveLength(4)
    expect(ctx.book.get('BTC-14JUN24-60000-C')! / before).toBeCloseTo(0.25, 9)
    // a venue that has not filled the cut yet still shows the old book: the cut is not sent twice
    ctx.book.set('BTC-14JUN24-60000-C', before)
    ctx.book.set('BTC-14JUN24-60000-P', before)
    await gammaVault.onBar!(ctx, p)
    expect(ctx.orders).toHaveLength(4)
  })

  test('on 15-minute bars the budget is checked only on the bar that crosses the hour', async () => {
    const closes = closesWithVol(0.8, 400)
    const ctx = fakeContext(setup({ closes, at: 396, barMs: 900_000, nowMs: NOW + 900_000 })) // bar 396 closes 08:15
    const p = params({ qtyStep: 0, lookbackDays: 3 })
    await gammaVault.onEpochStart!(ctx, p)
    ctx.setHealth(1.4)
    for (const i of [397, 398]) { // 08:30, 08:45: no check
      ctx.moveTo(i)
      await gammaVault.onBar!(ctx, p)
    }
    expect(ctx.orders).toHaveLength(2)
    ctx.moveTo(399) // 09:00
    await gammaVault.onBar!(ctx, p)
    expect(ctx.orders).toHaveLength(4)
  })

  test('delta hedged on a Whalley-Wilmott band whose width grows with the book gamma as gamma^(2/3)', async () => {
    const hedge = { trigger: 'whalley-wilmott', riskAversion: 1e-4, costFraction: 0.0005, targetDelta: 0 } as const
    const band = async (qty: number) => {
      const ctx = fakeContext(setup({ hedge, positions: { 'BTC-14JUN24-61000-C': qty }, underlyingQty: 0 }))
      const H = whalleyWilmottHalfWidth({ spot: 60_000, gamma: ctx.portfolio.gamma(), costFraction: 0.0005, riskAversion: 1e-4 })
      const delta0 = ctx.portfolio.delta()
      await gammaVault.onBar!(ctx, params({ minHedgeBand: 0 }))
      expect(delta0).toBeGreaterThan(H) // the calls' delta is outside the band: hedge to its upper edge
      expect(ctx.portfolio.delta()).toBeCloseTo(H, 9)
      return H
    }
    const h1 = await band(2)
    const h2 = await band(16)
    expect(h2 / h1).toBeCloseTo(8 ** (2 / 3), 9) // = 4
  })

  test('without options the Whalley-Wilmott band is zero, so minHedgeBand keeps small drift from trading', async () => {
    const hedge = { trigger: 'whalley-wilmott', riskAversion: 1e-4, costFraction: 0.0005, targetDelta: 0 } as const
    const drift = fakeContext(setup({ hedge, underlyingQty: 0.2 })) // 0.2 BTC off on NAV 25: 0.8%
    await gammaVault.onBar!(drift, params()) // default floor 1% of NAV = 0.25 BTC
    expect(drift.hedges).toEqual([])
    const big = fakeContext(setup({ hedge, underlyingQty: 0.3 }))
    await gammaVault.onBar!(big, params())
    expect(big.portfolio.delta()).toBeCloseTo(0.25, 9) // back to the floor's edge
    const none = fakeContext(setup({ hedge, underlyingQty: 0.2 }))
    await gammaVault.onBar!(none, params({ minHedgeBand: 0 }))
    expect(none.portfolio.delta()).toBeCloseTo(0, 9)
  })
})

test('GARCH ladder: one fit, each rung forecast over its own horizon, reverting toward the long-run vol', () => {
  // Returns at 80 vol for 1,000 hours, then a calm last 100 hours at 30 vol: GARCH's short-horizon forecast sits
  // below its long-horizon one, which mean-reverts toward the long-run level.
  const n = new NormalSampler(new Xoshiro128(11))
  const closes = [60_000]
  for (let i = 1; i < 1100; i++) closes.push(closes[i - 1]! * Math.exp((i < 1000 ? 0.8 : 0.3) / Math.sqrt(HOURS_PER_YEAR) * n.next()))
  const ctx = fakeContext(setup({ closes }))
  const plan = planLadder(ctx, params({ forecast: 'garch', lookbackDays: 60, ladder: [{ daysToExpiry: 7, budgetPct: 50 }, { daysToExpiry: 28, budgetPct: 50 }] }))
  const [short, long] = plan.map((r) => r.forecastVol!)
  expect(short).toBeLessThan(long!)
  expect(short).toBeGreaterThan(0.2)
  expect(long).toBeLessThan(0.9)
})

test('the bar-by-bar EWMA equals a fresh EWMA over the same returns', async () => {
  const n = new NormalSampler(new Xoshiro128(3))
  const closes = [60_000]
  for (let i = 1; i < 300; i++) closes.push(closes[i - 1]! * Math.exp(0.7 / Math.sqrt(HOURS_PER_YEAR) * n.next()))
  // lookback of 30 days (720 bars) reaches back to bar 0 throughout, so both see exactly the same returns
  const p = params({ lookbackDays: 30 })
  const ctx = fakeContext(setup({ closes, at: 199 }))
  await gammaVault.onEpochStart!(ctx, p)
  for (let i = 200; i < 300; i++) { ctx.moveTo(i); await gammaVault.onBar!(ctx, p) }
  await gammaVault.onBar!(ctx, p) // a second call on the same bar must not fold its return in twice
  const fresh = forecastVol(Float64Array.from(closes), 3_600_000, 'ewma', { lambdaDaily: 0.94, horizonMs: 0 })!
  expect(ewmaVolNow(ctx)).toBeCloseTo(fresh, 12)
  expect(fresh).not.toBeCloseTo(planLadder(fakeContext(setup({ closes, at: 199 })), p)[0]!.forecastVol!, 3) // it did move
})
