import { describe, expect, test } from 'vitest'
import coveredCall from '../../../strategies/coveredCall/index.ts'
import { chooseCall, snapStrike } from '../../../strategies/coveredCall/chooseCall.ts'
import { callQty } from '../../../strategies/coveredCall/callQty.ts'
import { callPremium } from '../../../strategies/coveredCall/callPremium.ts'
import { coveredCallParams, type CoveredCallParams } from '../../../strategies/coveredCall/coveredCallParams.ts'
import { optionGreeks } from '../../../engine/domain/pricing/optionGreeks.ts'
import { normQuantile } from '../support/normQuantile.ts'
import { fakeContext, optionId, type FakeSetup } from '../support/fakeContext.ts'

// The market: Friday 7 June 2024 08:00 UTC, BTC at 60,000 USD, flat 60% vol, zero rate; a daily, three weeklies.
const NOW = Date.UTC(2024, 5, 7, 8)
const SAT = Date.UTC(2024, 5, 8, 8)
const FRI1 = Date.UTC(2024, 5, 14, 8)
const FRI2 = Date.UTC(2024, 5, 21, 8)
const FRI3 = Date.UTC(2024, 5, 28, 8)
const STRIKES = Array.from({ length: 31 }, (_, i) => 50_000 + i * 1000)
const base: FakeSetup = { closes: [59_800, 60_000], nowMs: NOW, expiries: [SAT, FRI1, FRI2, FRI3], strikes: STRIKES,
  iv: 0.6, navAsset: 10, bidDiscount: 0.05 }
const params = (o: Record<string, unknown> = {}): CoveredCallParams => coveredCallParams.parse(o)
const delta = (strike: number, expiryMs: number, spot = 60_000) => optionGreeks({ model: 'bsm', kind: 'call',
  underlying: spot, strike, tYears: (expiryMs - NOW) / (365 * 86_400_000), sigma: 0.6, rate: 0 }).delta

describe('covered call: which call', () => {
  test('expiry: the nearest listed expiry at least minDaysToExpiry out (exactly N days counts)', () => {
    const ctx = fakeContext(base)
    const pick = (minDaysToExpiry: number) => chooseCall(ctx.chain, 60_000, params({ minDaysToExpiry })).expiryMs
    expect(pick(0)).toBe(SAT)
    expect(pick(5)).toBe(FRI1)
    expect(pick(7)).toBe(FRI1)
    expect(pick(7.01)).toBe(FRI2)
    expect(pick(15)).toBe(FRI3)
  })

  test('strike by delta: the listed strike whose BSM delta is nearest the target', () => {
    const ctx = fakeContext(base)
    for (const targetDelta of [0.1, 0.2, 0.25, 0.3]) {
      const c = chooseCall(ctx.chain, 60_000, params({ targetDelta }))
      const best = STRIKES.reduce((a, k) => Math.abs(delta(k, FRI1) - targetDelta) < Math.abs(delta(a, FRI1) - targetDelta) ? k : a)
      expect(c.strike).toBe(best)
      expect(c.kind).toBe('call')
      // closed form (zero rate, Hull 11th ed. eq. 15.20): N(d1) = D  =>  K = S exp(-N^-1(D) s sqrt(T) + s^2 T / 2)
      const sT = 0.6 * Math.sqrt(7 / 365)
      const exact = 60_000 * Math.exp(-normQuantile(targetDelta) * sT + (sT * sT) / 2)
      expect(Math.abs(c.strike - exact)).toBeLessThanOrEqual(1000)
    }
    // 0.2 delta, one week, 60 vol: K* = 64,570, between 64,000 and 65,000; 65,000 is nearer in delta
    expect(chooseCall(ctx.chain, 60_000, params({ targetDelta: 0.2 })).id).toBe('BTC-14JUN24-65000-C')
  })

  test('strike by % OTM, snapped to the listed grid outward or to the nearest', () => {
    const grid = [50_000, 55_000, 60_000, 65_000, 70_000, 75_000, 80_000]
    const ctx = fakeContext({ ...base, strikes: grid })
    const pick = (otmPct: number, snap: 'outward' | 'nearest') =>
      chooseCall(ctx.chain, 60_000, params({ strikeRule: 'otm-pct', otmPct, snap })).strike
    expect(pick(10, 'outward')).toBe(70_000) // 66,000 -> next listed strike up
    expect(pick(10, 'nearest')).toBe(65_000) // 66,000 is 1,000 from 65,000 and 4,000 from 70,000
    expect(pick(25, 'outward')).toBe(75_000) // 75,000 is listed: exact
    expect(pick(50, 'outward')).toBe(80_000) // beyond the grid: the highest listed strike
    expect(snapStrike(grid, 62_500, 'nearest')).toBe(65_000) // a tie goes further out of the money
  })

  test('size: share of NAV, capped by free collateral, rounded down to the contract step', () => {
    expect(callQty({ navAsset: 10, freeCollateral: 10, sizePctOfNav: 100, qtyStep: 0.1 })).toBe(10)
    expect(callQty({ navAsset: 10, freeCollateral: 7.25, sizePctOfNav: 100, qtyStep: 0.1 })).toBe(7.2)
    expect(callQty({ navAsset: 10, freeCollateral: 10, sizePctOfNav: 73, qtyStep: 0.1 })).toBe(7.3)
    expect(callQty({ navAsset: 10, freeCollateral: 10, sizePctOfNav: 55.55, qtyStep: 0 })).toBeCloseTo(5.555, 12)
    expect(callQty({ navAsset: 10, freeCollateral: 0.05, sizePctOfNav: 100, qtyStep: 0.1 })).toBe(0)
  })
})

describe('covered call: premium and the skip rule', () => {
  const id = 'BTC-14JUN24-65000-C'
  const g = optionGreeks({ model: 'bsm', kind: 'call', underlying: 60_000, strike: 65_000, tYears: 7 / 365, sigma: 0.6, rate: 0 })

  test('premium from the bid, or the model mark less vega times the spread', () => {
    const ctx = fakeContext(base)
    const q = ctx.chain.quote(id)
    expect(callPremium(q, 'bid', g.vega, 0.01)).toBeCloseTo(g.price * 0.95 / 60_000, 14)
    expect(callPremium(q, 'model', g.vega, 0.01)).toBeCloseTo((g.price - 0.01 * g.vega) / 60_000, 14)
    expect(callPremium(q, 'auto', g.vega, 0.01)).toBe(callPremium(q, 'bid', g.vega, 0.01))
    const noBid = fakeContext({ ...base, noBids: true }).chain.quote(id)
    expect(callPremium(noBid, 'auto', g.vega, 0.01)).toBe(callPremium(noBid, 'model', g.vega, 0.01))
    expect(callPremium(noBid, 'bid', g.vega, 0.01)).toBe(0)
    // the first-order spread is close to repricing at 59 vol (within volga / 2 * 0.01^2 per option)
    const at59 = optionGreeks({ model: 'bsm', kind: 'call', underlying: 60_000, strike: 65_000, tYears: 7 / 365, sigma: 0.59, rate: 0 }).price
    expect(Math.abs(g.price - 0.01 * g.vega - at59)).toBeLessThan(Math.abs(g.volga) * 1e-4)
  })

  test('a coin-margined option is quoted in USD too (context contract), so its premium is the same fraction', () => {
    const q = fakeContext({ ...base, inverse: true }).chain.quote(id)
    expect(q.instrument.inverse).toBe(true)
    expect(callPremium(q, 'bid', 0, 0)).toBeCloseTo(g.price * 0.95 / 60_000, 14)
  })

  test('the epoch is skipped when the premium is under minPremium, sold when at or above it', async () => {
    const premium = g.price * 0.95 / 60_000 // about 0.0069 of spot
    const skip = fakeContext(base)
    await coveredCall.onEpochStart!(skip, params({ minPremium: premium * 1.001 }))
    expect(skip.orders).toEqual([])
    expect(skip.logs.join('\n')).toMatch(/premium below minimum/)
    const sell = fakeContext(base)
    await coveredCall.onEpochStart!(sell, params({ minPremium: premium * 0.999 }))
    expect(sell.orders).toMatchObject([{ side: 'sell', instrument: id, qty: 10 }])
  })
})

describe('covered call: expiries stay inside the epoch', () => {
  test('a stub epoch shorter than minDaysToExpiry is skipped, not sold past the roll', async () => {
    // data starting Monday: the epoch ends this Friday, but the nearest expiry 5+ days out is next Friday
    const stub = fakeContext({ ...base, epoch: { index: 1, startMs: NOW, endMs: NOW + 3 * 86_400_000 } })
    await coveredCall.onEpochStart!(stub, params())
    expect(stub.orders).toEqual([])
    expect(stub.logs.join('\n')).toMatch(/no listed expiry within this epoch/)
  })

  test('a full epoch sells its own expiry; expiryWithinEpoch: false sells past the roll', async () => {
    const full = fakeContext({ ...base, epoch: { index: 2, startMs: NOW, endMs: FRI1 } })
    await coveredCall.onEpochStart!(full, params())
    expect(full.orders).toHaveLength(1)
    const loose = fakeContext({ ...base, epoch: { index: 1, startMs: NOW, endMs: NOW + 3 * 86_400_000 } })
    await coveredCall.onEpochStart!(loose, params({ expiryWithinEpoch: false }))
    expect(loose.orders).toHaveLength(1)
  })
})

describe('covered call: early roll', () => {
  test('a short call past rollDelta is bought back and replaced by the call the rules pick now, once', async () => {
    // BTC rallies from 60,000 to 64,000: the short 65,000 call's delta goes from 0.2 to about 0.42
    const closes = [60_000, 62_000, 64_000]
    const ctx = fakeContext({ ...base, closes, at: 1, positions: { 'BTC-14JUN24-65000-C': -10 }, underlyingQty: 10 })
    const p = params({ rollDelta: 0.4 })
    await coveredCall.onBar!(ctx, p)
    expect(ctx.orders).toEqual([]) // at 62,000 its delta is 0.30: hold
    expect(delta(65_000, FRI1, 62_000)).toBeLessThan(0.4)
    ctx.moveTo(2)
    expect(ctx.pricing.greeks('BTC-14JUN24-65000-C').delta).toBeGreaterThan(0.4)
    await coveredCall.onBar!(ctx, p)
    expect(ctx.orders[0]).toMatchObject({ side: 'buy', instrument: 'BTC-14JUN24-65000-C', qty: 10 })
    expect(ctx.orders[1]?.side).toBe('sell')
    const fresh = ctx.orders[1]!.instrument
    expect(Math.abs(ctx.pricing.greeks(fresh).delta - 0.2)).toBeLessThan(0.03) // a new ~0.2-delta call from 64,000
    expect(ctx.chain.quote(fresh).instrument.strike).toBeGreaterThan(65_000)
    // the buy-back has not filled in a real venue by the next bar: it must not be repeated
    ctx.book.set('BTC-14JUN24-65000-C', -10)
    await coveredCall.onBar!(ctx, p)
    expect(ctx.orders.filter((o) => o.side === 'buy')).toHaveLength(1)
  })

  test('no roll without rollDelta, or when only a hedge perp is short', async () => {
    const ctx = fakeContext({ ...base, closes: [60_000, 70_000], positions: { 'BTC-14JUN24-65000-C': -10 } })
    await coveredCall.onBar!(ctx, params())
    expect(ctx.orders).toEqual([])
    const perp = fakeContext({ ...base, closes: [60_000, 70_000], positions: { 'BTC-14JUN24-65000-C': -1 } })
    perp.book.set('BTC-PERPETUAL', -3) // not an option: never quoted, never rolled
    await coveredCall.onBar!(perp, params({ rollDelta: 0.5 }))
    expect(perp.orders.map((o) => o.instrument)).not.toContain('BTC-PERPETUAL')
  })
})

describe('covered call: hedge triggers keep net delta at the target', () => {
  // short 10 x 0.2-delta calls against 10 BTC: net delta 10 - 10 * 0.2 = 8 BTC, 0.8 per unit of NAV
  const shortCalls = { ...base, positions: { 'BTC-14JUN24-65000-C': -10 }, underlyingQty: 10 }
  const d65 = delta(65_000, FRI1)

  test('band (from the config hedge section): re-hedges to 1.0 x NAV when outside the band', async () => {
    const ctx = fakeContext({ ...shortCalls, hedge: { trigger: 'band', band: 0.05, targetDelta: 1 } })
    expect(ctx.portfolio.delta()).toBeCloseTo(10 - 10 * d65, 12)
    await coveredCall.onBar!(ctx, params())
    expect(ctx.hedges).toHaveLength(1)
    expect(ctx.hedges[0]!.target).toBe(1)
    expect(ctx.portfolio.delta()).toBeCloseTo(10, 9)
    await coveredCall.onBar!(ctx, params()) // on target now: nothing more
    expect(ctx.hedges).toHaveLength(1)
    // a 30% band tolerates the 0.2 per-NAV gap
    const wide = fakeContext({ ...shortCalls, hedge: { trigger: 'band', band: 0.3, targetDelta: 1 } })
    await coveredCall.onBar!(wide, params())
    expect(wide.hedges).toEqual([])
  })

  test('params.hedge overrides the config section; target 0 makes the vault market-neutral', async () => {
    const ctx = fakeContext({ ...shortCalls, hedge: { trigger: 'band', band: 0.3, targetDelta: 1 } })
    await coveredCall.onBar!(ctx, params({ hedge: { trigger: 'band', band: 0.05, targetDelta: 0 } }))
    expect(ctx.hedges[0]!.target).toBe(0)
    expect(ctx.portfolio.delta()).toBeCloseTo(0, 9)
  })

  test('interval: hedges on the bar that crosses the interval, not between', async () => {
    // bar 1 closes at 07:00 UTC, bar 2 at 08:00; with 8-hour intervals 08:00 is a boundary, 07:00 is not
    const ctx = fakeContext({ ...shortCalls, nowMs: NOW - 3_600_000, closes: [60_000, 60_000, 60_000], at: 1, hedge: { trigger: 'interval', intervalHours: 8, targetDelta: 1 } })
    await coveredCall.onBar!(ctx, params())
    expect(ctx.hedges).toEqual([])
    ctx.moveTo(2)
    expect(ctx.now).toBe(NOW)
    await coveredCall.onBar!(ctx, params())
    expect(ctx.hedges).toHaveLength(1)
  })

  test('move: hedges first, then only after the underlying moves by moveFraction since the last hedge', async () => {
    const closes = [60_000, 60_000, 60_900, 61_300]
    const ctx = fakeContext({ ...shortCalls, closes, at: 1, hedge: { trigger: 'move', moveFraction: 0.02, targetDelta: 1 } })
    await coveredCall.onBar!(ctx, params())
    expect(ctx.hedges).toHaveLength(1) // first hedge at 60,000
    ctx.moveTo(2)
    await coveredCall.onBar!(ctx, params())
    expect(ctx.hedges).toHaveLength(1) // +1.5%: delta drifted, but the trigger is the price move
    ctx.moveTo(3)
    await coveredCall.onBar!(ctx, params())
    expect(ctx.hedges).toHaveLength(2) // +2.17% since the last hedge
  })

  test('Whalley-Wilmott: trades back to the edge of the band the book gamma implies', async () => {
    const hedge = { trigger: 'whalley-wilmott', riskAversion: 1e-5, costFraction: 0.001, targetDelta: 1 } as const
    const ctx = fakeContext({ ...shortCalls, hedge })
    const gamma = ctx.portfolio.gamma()
    const H = Math.cbrt(1.5 * 0.001 * 60_000 * gamma * gamma / 1e-5) // Whalley & Wilmott (1997) eq. (4.6), r = 0
    expect(H).toBeGreaterThan(0.1)
    expect(10 * d65).toBeGreaterThan(H) // the gap to the target is outside the band
    await coveredCall.onBar!(ctx, params())
    expect(ctx.hedges).toHaveLength(1)
    expect(ctx.portfolio.delta()).toBeCloseTo(10 - H, 9) // delta below target: back to the lower edge
  })

  test('no hedge section and no params.hedge: never hedges', async () => {
    const ctx = fakeContext(shortCalls)
    await coveredCall.onBar!(ctx, params())
    expect(ctx.hedges).toEqual([])
  })
})

test('optionId names like Deribit', () => {
  expect(optionId(FRI1, 65_000, 'call')).toBe('BTC-14JUN24-65000-C')
})

test('the roll check delta is the pricing view delta (the allocation-free twin agrees)', async () => {
  // roll triggers exactly when ctx.pricing.greeks says the delta passed rollDelta: just above and just below
  const ctx = fakeContext({ ...base, closes: [60_000, 64_000], positions: { 'BTC-14JUN24-65000-C': -10 } })
  const d = ctx.pricing.greeks('BTC-14JUN24-65000-C').delta
  const below = fakeContext({ ...base, closes: [60_000, 64_000], positions: { 'BTC-14JUN24-65000-C': -10 } })
  await coveredCall.onBar!(below, params({ rollDelta: d + 1e-9 }))
  expect(below.orders).toEqual([])
  await coveredCall.onBar!(ctx, params({ rollDelta: d - 1e-9 }))
  expect(ctx.orders[0]).toMatchObject({ side: 'buy', instrument: 'BTC-14JUN24-65000-C' })
})
