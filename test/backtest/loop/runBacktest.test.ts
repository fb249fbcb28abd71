import { describe, expect, test } from 'vitest'
import { runBacktest, type BacktestInput } from '../../../backtest/loop/runBacktest.ts'
import { simulateGbm } from '../../../data/synth/gbm.ts'
import { StrategyError } from '../../../engine/runtime/strategyError.ts'
import { defineStrategy, z, type StrategyContext } from '../../../engine/plugin/index.ts'
import type { BarSeries } from '../../../engine/runtime/marketView.ts'
import { testConfig } from '../support/testConfig.ts'
import { hedgedCall } from '../support/strategies.ts'
import { tinyCoveredCall } from '../support/tinyCoveredCall.ts'

const H = 3_600_000
const T0 = Date.UTC(2024, 0, 1)
const gbm = (bars: number, seed: number, barMs = H, vol = 0.6) =>
  simulateGbm({ spot: 40_000, vol, drift: 0 }, { startMs: T0, barMs, bars, subSteps: 4 }, seed)

/** Bars whose open is NOT the previous close, so a fill at the open and one at the close are told apart. */
function steppedBars(n: number): BarSeries {
  const c = Float64Array.from({ length: n }, (_, i) => 40_000 + 10 * i)
  const o = c.map((x) => x - 3)
  return { length: n, tMs: Float64Array.from({ length: n }, (_, i) => T0 + i * H), open: o, high: c.map((x) => x + 1), low: o.map((x) => x - 1), close: c, volume: new Float64Array(n) }
}

const run = (o: Partial<BacktestInput> & Pick<BacktestInput, 'bars'>) =>
  runBacktest({ config: testConfig(), strategy: tinyCoveredCall, params: tinyCoveredCall.params.parse({}), barMs: H, ...o })

describe('fills', () => {
  test('an order decided on bar i fills at bar i+1\'s open, never at the deciding bar\'s close', async () => {
    const decided: number[] = []
    const s = defineStrategy({
      name: 'buyer', apiVersion: 1, params: z.object({}),
      onBar(ctx) { if (ctx.market.seen === 6 || ctx.market.seen === 20) { decided.push(ctx.market.seen - 1); ctx.buy('BTC-PERPETUAL', 1) } },
    })
    const bars = steppedBars(40)
    const r = await run({ bars, strategy: s, params: {} })
    const hedges = r.trades.filter((t) => t.kind === 'hedge')
    expect(hedges.map((t) => t.barIndex)).toEqual(decided.map((i) => i + 1))
    for (const t of hedges) {
      expect(t.price).toBe(bars.open[t.barIndex])
      expect(t.tMs).toBe(bars.tMs[t.barIndex])
    }
    const first = decided.splice(0)
    const atClose = await run({ bars, strategy: s, params: {}, fillAt: 'close' })
    expect(decided).toEqual(first)
    expect(atClose.trades.filter((t) => t.kind === 'hedge').map((t) => t.price)).toEqual(first.map((i) => bars.close[i + 1]))
  })
  test('an async onFill runs for each fill in turn, the next only after the last one settled; results as with a sync one', async () => {
    const events: string[] = []
    const base = {
      name: 'two-per-bar', apiVersion: 1 as const, params: z.object({}),
      onBar(ctx: StrategyContext) {
        if (ctx.market.seen % 5 === 0) { ctx.buy('BTC-PERPETUAL', 1); ctx.sell('BTC-PERPETUAL', 0.5) }
      },
    }
    const asyncFills = defineStrategy({
      ...base,
      async onFill(_ctx, _p, f) { events.push(`start ${f.side}`); await new Promise((r) => setTimeout(r, 1)); events.push(`end ${f.side}`) },
    })
    const syncFills = defineStrategy({ ...base, onFill(_ctx, _p, f) { events.push(`sync ${f.side}`) } })
    const bars = steppedBars(30)
    const a = await run({ bars, strategy: asyncFills, params: {} })
    const asyncEvents = events.splice(0)
    const b = await run({ bars, strategy: syncFills, params: {} })
    expect(a.trades.filter((t) => t.kind === 'hedge').length).toBe(10)
    expect(asyncEvents).toEqual(Array.from({ length: 5 }, () => ['start buy', 'end buy', 'start sell', 'end sell']).flat())
    expect(events).toEqual(Array.from({ length: 5 }, () => ['sync buy', 'sync sell']).flat())
    expect(a.trades).toEqual(b.trades)
    expect(a.equity.nav).toEqual(b.equity.nav)
  })
  test('same-bar fill timing is refused as look-ahead, naming the config field', async () => {
    const cfg = testConfig({ execution: '  venue: sim\n  fillTiming: same-bar' })
    await expect(run({ bars: steppedBars(10), config: cfg })).rejects.toThrow(/execution\.fillTiming/)
  })
})

describe('settlement', () => {
  test('options settle at the TWAP of the 30 one-minute closes before expiry (Deribit: 30-minute TWAP)', async () => {
    const bars = gbm(24 * 60 + 120, 7, 60_000)
    const cfg = testConfig({ vault: '  asset: BTC\n  initialNav: 1\n  epoch: { every: daily, hourUtc: 8 }' })
    const r = await run({ bars, barMs: 60_000, config: cfg })
    const expiry = Date.UTC(2024, 0, 1, 8)
    // Each close is known from its bar's close time (open + 1 min); the window [08:00 - 30 min, 08:00] holds the
    // closes of the bars opening 07:29 .. 07:58 in full (the close at exactly 08:00 holds for 0 ms).
    let sum = 0
    for (let i = 0; i < bars.length; i++) {
      const closeMs = (bars.tMs[i] as number) + 60_000
      if (closeMs >= expiry - 30 * 60_000 && closeMs < expiry) sum += bars.close[i] as number
    }
    const twap = sum / 30
    const e1 = r.epochs[0]!
    expect(e1.endMs).toBe(expiry)
    expect(e1.settlementPrice).toBeCloseTo(twap, 9)
    const settled = r.trades.find((t) => t.kind === 'settlement')!
    expect(settled.tMs).toBe(expiry)
    expect(settled.price).toBeCloseTo(Math.max(twap - e1.strike, 0), 9)
  })
})

describe('epoch identities', () => {
  test('covered-call payoff per epoch: option_pnl = premium - contracts * max(S - K, 0) / S (coin-settled, in BTC)', async () => {
    const r = await run({ bars: gbm(24 * 7 * 12, 11), params: { targetDelta: 0.4, minDaysToExpiry: 0, sizePctOfNav: 100 } })
    const settledEpochs = r.epochs.filter((e) => Number.isFinite(e.settlementPrice))
    expect(settledEpochs.length).toBeGreaterThan(9)
    let itm = 0
    for (const e of settledEpochs) {
      const payoff = Math.abs(e.contracts) * Math.max(e.settlementPrice - e.strike, 0) / e.settlementPrice
      if (payoff > 0) itm++
      expect(e.optionPnl).toBeCloseTo(e.premium - payoff, 12)
      expect(e.premium).toBeGreaterThan(0)
    }
    expect(itm).toBeGreaterThan(0) // the identity was exercised with a payoff, not only with worthless calls
  })
  test('NAV identity: nav_end - nav_start = pnl = option_pnl + hedge_pnl - fees; flows only between epochs', async () => {
    const cfg = testConfig({ execution: '  venue: sim\n  fees: { makerBps: 0, takerBps: 5 }\n  slippage: { model: bps, bps: 5 }', vault: '  asset: BTC\n  initialNav: 10\n  fees: { managementFeePct: 2, performanceFeePct: 10 }' })
    const flows = [
      { type: 'deposit' as const, atMs: T0 + 30 * 24 * H, account: 'bob', amount: 5 },
      { type: 'withdraw' as const, atMs: T0 + 50 * 24 * H, account: 'initial', fractionOfShares: 0.5 },
    ]
    const r = await runBacktest({ config: cfg, strategy: hedgedCall, params: hedgedCall.params.parse({}), bars: gbm(24 * 7 * 12, 5), barMs: H, flows })
    expect(r.trades.some((t) => t.kind === 'hedge')).toBe(true)
    expect(r.totals.fees).toBeGreaterThan(0)
    for (const e of r.epochs) {
      expect(e.pnl).toBeCloseTo(e.navEnd - e.navStart, 12)
      expect(e.optionPnl + e.hedgePnl - e.fees).toBeCloseTo(e.pnl, 9)
    }
    for (let k = 1; k < r.epochs.length; k++) {
      const prev = r.epochs[k - 1]!, cur = r.epochs[k]!
      expect(cur.navStart).toBeCloseTo(prev.navEnd + prev.flows, 7)
    }
    const deposit = r.epochs.find((e) => e.flows > 1)!
    expect(deposit.flows).toBeCloseTo(5, 6)
    const withdrawal = r.epochs.find((e) => e.flows < -1)!
    expect(withdrawal.flows).toBeLessThan(-4)
  })
})

describe('no look-ahead', () => {
  test('scramble: replacing every bar and vol point after t with noise changes nothing decided before t', async () => {
    const bars = gbm(24 * 7 * 8, 21)
    const n = bars.length
    const cut = Math.floor(n * 0.6)
    const noise = gbm(n, 999, H, 1.5)
    const scrambled: BarSeries = {
      length: n, tMs: bars.tMs,
      ...Object.fromEntries((['open', 'high', 'low', 'close', 'volume'] as const).map((k) => {
        const a = Float64Array.from(bars[k]); a.set(noise[k].subarray(cut), cut); return [k, a]
      })),
    } as BarSeries
    const volDays = Math.ceil(n / 24) + 1
    const vol = { length: volDays, tMs: Float64Array.from({ length: volDays }, (_, d) => T0 + d * 24 * H), vol: Float64Array.from({ length: volDays }, (_, d) => 0.5 + 0.1 * Math.sin(d)) }
    const volScrambled = { ...vol, vol: vol.vol.map((v, d) => (T0 + d * 24 * H > (bars.tMs[cut] as number) ? 3 - v : v)) }
    const cfg = testConfig({ iv: '  source: index\n  skewSlope: -0.1', execution: '  venue: sim\n  fees: { takerBps: 5 }\n  slippage: { model: bps, bps: 5 }' })
    const go = (b: BarSeries, v: typeof vol) => runBacktest({ config: cfg, strategy: hedgedCall, params: hedgedCall.params.parse({}), bars: b, barMs: H, vol: v })
    const [a, b] = [await go(bars, vol), await go(scrambled, volScrambled)]
    const before = (r: typeof a) => r.trades.filter((t) => t.barIndex < cut)
    expect(before(a).length).toBeGreaterThan(20)
    expect(before(b)).toEqual(before(a))
    expect(b.equity.nav.subarray(0, cut)).toEqual(a.equity.nav.subarray(0, cut))
    expect(b.equity.delta.subarray(0, cut)).toEqual(a.equity.delta.subarray(0, cut))
    // and the scramble did change what came after, so the comparison was not vacuous
    expect(b.equity.nav.subarray(cut)).not.toEqual(a.equity.nav.subarray(cut))
  })
})

describe('strategy errors', () => {
  test('a throwing hook becomes a StrategyError naming the strategy, the hook and the bar', async () => {
    const s = defineStrategy({ name: 'broken', apiVersion: 1, params: z.object({}), onBar(ctx) { if (ctx.market.seen === 11) throw new Error('boom') } })
    const err = await run({ bars: steppedBars(30), strategy: s, params: {} }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StrategyError)
    expect((err as StrategyError).message).toMatch(/Strategy "broken" threw in onBar: boom/)
    expect((err as StrategyError).message).toMatch(/bar 10 /)
  })
  test('an async hook that rejects is wrapped the same way', async () => {
    const s = defineStrategy({ name: 'async-broken', apiVersion: 1, params: z.object({}), async onEpochStart() { await Promise.resolve(); throw new Error('later') } })
    await expect(run({ bars: steppedBars(10), strategy: s, params: {} })).rejects.toThrow(/"async-broken" threw in onEpochStart: later/)
  })
})

describe('determinism', () => {
  test('the same input gives the same trades, epochs and equity, and the same client ids', async () => {
    const bars = gbm(24 * 7 * 4, 3)
    const ids: string[][] = [[], []]
    const mk = (k: number) => defineStrategy({ ...hedgedCall, name: 'hedged-call', onFill(_ctx, _p, f) { ids[k]!.push(f.clientId) } })
    const a = await runBacktest({ config: testConfig(), strategy: mk(0), params: hedgedCall.params.parse({}), bars, barMs: H, seed: 1 })
    const b = await runBacktest({ config: testConfig(), strategy: mk(1), params: hedgedCall.params.parse({}), bars, barMs: H, seed: 1 })
    expect(b.trades).toEqual(a.trades)
    expect(b.epochs).toEqual(a.epochs)
    expect(b.equity.nav).toEqual(a.equity.nav)
    expect(ids[0]!.length).toBeGreaterThan(5)
    expect(ids[1]).toEqual(ids[0])
    expect(new Set(ids[0]).size).toBe(ids[0]!.length)
  })
})

describe('recorded chain', () => {
  test('iv.source chain: options sell at the recorded bid of the snapshot at the fill time, marks at recorded IV', async () => {
    const { syntheticChain } = await import('../support/syntheticChain.ts')
    const bars = gbm(24 * 7 * 3, 17)
    const chain = syntheticChain(bars, H, { iv: 0.5, spreadVol: 0.02, step: 1000, strikes: 8 })
    const cfg = testConfig({ iv: '  source: chain', execution: '  venue: sim\n  fees: { option: { pctOfUnderlying: 0, capPctOfPrice: 0 } }\n  slippage: { model: chain-spread, fractionOfSpread: 1 }' })
    const r = await runBacktest({ config: cfg, strategy: tinyCoveredCall, params: tinyCoveredCall.params.parse({}), bars, barMs: H, chain })
    const sales = r.trades.filter((t) => t.kind === 'option')
    expect(sales.length).toBeGreaterThanOrEqual(3)
    for (const t of sales) {
      // the fill is at bar t.barIndex's open = the close time of the bar before: that snapshot's row
      const snapMs = t.tMs
      let row = -1
      for (let k = 0; k < chain.length; k++) if (chain.tMs[k] === snapMs && chain.instrument[k] === t.instrument) row = k
      expect(row).toBeGreaterThanOrEqual(0)
      expect(t.price).toBeCloseTo((chain.bid[row] as number) * (chain.underlyingPrice[row] as number), 9)
    }
    expect(r.equity.vol[30]).toBeCloseTo(0.5, 12)
  })
})

describe('margin and funding', () => {
  test('health below 1 liquidates the book at the venue, recorded as liquidation trades', async () => {
    const over = defineStrategy({
      name: 'over-writer', apiVersion: 1, params: z.object({}),
      onEpochStart(ctx) {
        const c = ctx.chain.nearestByDelta({ kind: 'call', delta: 0.5, expiryMs: ctx.vault.epoch.endMs })
        if (ctx.portfolio.positions().length === 0) ctx.sell(c.id, 5 * ctx.vault.navAsset())
      },
    })
    // a steady 0.5% rise per hour: the 5x-levered short calls lose more than the vault holds
    const n = 80
    const c = Float64Array.from({ length: n }, (_, i) => 40_000 * 1.005 ** i)
    const bars: BarSeries = { length: n, tMs: Float64Array.from({ length: n }, (_, i) => T0 + i * H), open: c.map((x) => x / 1.005), high: c, low: c.map((x) => x / 1.005), close: c, volume: new Float64Array(n) }
    const r = await run({ bars, strategy: over, params: {} })
    expect(r.liquidations).toBeGreaterThanOrEqual(1)
    const liq = r.trades.filter((t) => t.kind === 'liquidation')
    expect(liq.length).toBeGreaterThanOrEqual(1)
    expect(liq[0]!.side).toBe('buy') // buys back the short calls
    const before = liq[0]!.barIndex - 1
    expect(r.equity.health[before]).toBeGreaterThanOrEqual(1)
    expect(r.equity.health[1]).toBeLessThan(10) // margin was in use, not Infinity
  })
  test('perp funding: longs pay rate x notional at each funding time, booked as funding in hedge P&L', async () => {
    const s = defineStrategy({ name: 'long-perp', apiVersion: 1, params: z.object({}), onStart(ctx) { ctx.buy('BTC-PERPETUAL', 2) } })
    const bars = steppedBars(30)
    const fMs = T0 + 8 * H
    const funding = { length: 2, tMs: new Float64Array([fMs, T0 + 16 * H]), rate: new Float64Array([0.0001, -0.0002]) }
    const r = await run({ bars, strategy: s, params: {}, funding })
    const f = r.trades.filter((t) => t.kind === 'funding')
    expect(f).toHaveLength(2)
    // paid at the bar whose close is the funding time: bar 7 closes at 08:00 (close 40070); in BTC: 2 * 0.0001 * S / S
    expect(f[0]!.side).toBe('pay')
    expect(f[0]!.fee).toBeCloseTo(2 * 0.0001, 12)
    expect(f[1]!.side).toBe('receive')
    expect(r.totals.funding).toBeCloseTo(-2 * 0.0001 + 2 * 0.0002, 12)
  })
})

describe('risk limits', () => {
  const seller = defineStrategy({
    name: 'seller', apiVersion: 1, params: z.object({ qty: z.number() }),
    onBar(ctx, p) {
      if (ctx.market.seen % 5 !== 0) return
      const c = ctx.chain.nearestByDelta({ kind: 'call', delta: 0.3, expiryMs: ctx.vault.epoch.endMs })
      ctx.sell(c.id, p.qty, { reason: 'sell' })
    },
  })
  test('risk.maxNotionalPerOrder and maxNotionalPerDay refuse orders, they do not resize them', async () => {
    const cfg = testConfig({ risk: '  maxNotionalPerOrder: 2\n  maxNotionalPerDay: 3' })
    const big = await runBacktest({ config: cfg, strategy: seller, params: { qty: 2.5 }, bars: steppedBars(30), barMs: H })
    expect(big.trades.filter((t) => t.kind === 'option')).toEqual([])
    expect(big.refusedOrders).toBeGreaterThan(0)
    const small = await runBacktest({ config: cfg, strategy: seller, params: { qty: 1 }, bars: steppedBars(30), barMs: H })
    // one sell every 5 bars, 3 per UTC day at most: bars 0..23 are one day (3 pass), bars 24..29 the next
    const sold = small.trades.filter((t) => t.kind === 'option')
    expect(sold.filter((t) => t.tMs < T0 + 24 * H + H)).toHaveLength(3)
    expect(sold.every((t) => t.qty === 1)).toBe(true)
  })
  test('risk.minHealth stops new option risk once margin health is under it', async () => {
    const cfg = testConfig({ risk: '  minHealth: 1000' })
    const r = await runBacktest({ config: cfg, strategy: seller, params: { qty: 1 }, bars: steppedBars(30), barMs: H })
    // the first sale goes (no margin in use: health is infinite), then health is finite and under 1000
    expect(r.trades.filter((t) => t.kind === 'option')).toHaveLength(1)
    expect(r.logs.some((l) => /risk\.minHealth 1000/.test(l.message))).toBe(true)
  })
  test('risk.maxDailyLossPct stops new option risk for the rest of a losing day', async () => {
    // a rising market loses money on short calls: once today's loss passes 0.01% of the day's first NAV, no more sales
    const cfg = testConfig({ risk: '  minHealth: 1\n  maxDailyLossPct: 0.01' })
    const n = 23
    const c = Float64Array.from({ length: n }, (_, i) => 40_000 * 1.01 ** i)
    const rising: BarSeries = { length: n, tMs: Float64Array.from({ length: n }, (_, i) => T0 + i * H), open: c.map((x) => x / 1.01), high: c, low: c.map((x) => x / 1.01), close: c, volume: new Float64Array(n) }
    const r = await runBacktest({ config: cfg, strategy: seller, params: { qty: 1 }, bars: rising, barMs: H })
    const sold = r.trades.filter((t) => t.kind === 'option')
    expect(sold.length).toBeGreaterThanOrEqual(1)
    expect(sold.length).toBeLessThan(4) // 4 sales were asked for in the day
    expect(r.logs.some((l) => /risk\.maxDailyLossPct 0\.01/.test(l.message))).toBe(true)
  })
})
