/** Backtest loop speed: the built-in delta-hedged covered call over 5 years of 1-minute synthetic GBM bars
 * (~2.6M bars) with per-bar pricing of the open book and a hedge check every bar, against a bare loop over the
 * same typed arrays doing the same arithmetic (one Black-Scholes evaluation per open option, NAV, delta and the
 * band test, nine stored columns). Targets (issue 6): >= 2M bars/s, within 2x of the bare loop, peak RSS < 500 MB. */
import { performance } from 'node:perf_hooks'
import { runBacktest } from '../../backtest/loop/runBacktest.ts'
import { simulateGbm } from '../../data/synth/gbm.ts'
import { parseConfigText } from '../../engine/config/parseConfigText.ts'
import { bsmIntoUnchecked } from '../../engine/domain/pricing/bsm.ts'
import { GREEK_COUNT } from '../../engine/domain/pricing/types.ts'
import { MS_PER_YEAR } from '../../engine/domain/units.ts'
import { loadStrategy } from '../../engine/runtime/loadStrategy.ts'
import { report } from '../support/bench.ts'
import { hedgedCall } from './support/strategies.ts'

const BARS = 5 * 365 * 1440
const barMs = 60_000
const bars = simulateGbm({ spot: 40_000, vol: 0.6, drift: 0 }, { startMs: Date.UTC(2020, 0, 3), barMs, bars: BARS, subSteps: 1 }, 42)
const config = parseConfigText([
  'vault: { asset: BTC, initialNav: 10, epoch: { every: weekly, weekday: friday, hourUtc: 8 } }',
  'strategy: { name: covered-call, params: { targetDelta: 0.2, minDaysToExpiry: 5, sizePctOfNav: 100, minPremium: 0.0005 } }',
  'data: { bars: bars.csv, barSize: 1m }',
  'iv: { source: constant, value: 0.6, sellSpreadVol: 0.01 }',
  'execution: { venue: sim, fees: { takerBps: 5 }, slippage: { model: bps, bps: 5 } }',
  'hedge: { instrument: perp, targetDelta: 1, trigger: band, band: 0.05 }', '',
].join('\n'), '/tmp/bench/covered-call.yaml')
const strategy = await loadStrategy({ name: 'covered-call' })
const params = strategy.params.parse(config.strategy.params)

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] as number }

/** The same per-bar arithmetic with nothing around it: price the short call, NAV, delta, band test, store. */
function bareLoop(strike: number, expiryEveryMs: number): number {
  const n = bars.length
  const g = new Float64Array(GREEK_COUNT)
  const cols = Array.from({ length: 9 }, () => new Float64Array(n))
  let hedge = 0, balance = 10, trades = 0, expiry = bars.tMs[0]! + expiryEveryMs
  for (let i = 0; i < n; i++) {
    const s = bars.close[i]!
    const now = bars.tMs[i]! + barMs
    if (now >= expiry) expiry += expiryEveryMs
    bsmIntoUnchecked(g, true, s, strike, (expiry - now) / MS_PER_YEAR, 0.6, 0, 0)
    const nav = balance - (10 * g[0]!) / s
    const delta = balance + hedge - 10 * g[1]!
    if (Math.abs(delta - nav) > 0.05 * nav) { hedge += nav - delta; trades++ }
    cols[0]![i] = nav; cols[1]![i] = delta; cols[2]![i] = -10 * g[2]!; cols[3]![i] = -10 * g[3]!; cols[4]![i] = -10 * g[4]!
    cols[5]![i] = s; cols[6]![i] = nav * s; cols[7]![i] = nav / 10; cols[8]![i] = Infinity
  }
  return trades
}

const gc = () => (globalThis as { gc?: () => void }).gc?.()
async function once(s: typeof strategy, p: unknown): Promise<{ ms: number; fills: number }> {
  gc()
  const t = performance.now()
  const res = await runBacktest({ config, strategy: s, params: p, bars, barMs, marginCheck: true })
  return { ms: performance.now() - t, fills: res.trades.length }
}
function bareOnce(): number {
  gc()
  const t = performance.now()
  bareLoop(48_000, 7 * 86_400_000)
  return performance.now() - t
}
// The built-in covered call (strategies/coveredCall: its onBar runs the hedge-trigger decision every bar), then the
// same book with a plain band check in onBar: the difference is the strategy's own per-bar cost, not the engine's.
// Peak memory first, from one run in a fresh process: the OS high-water mark (bars, the run, its outputs in memory).
const leanParams = hedgedCall.params.parse({ targetDelta: 0.2 })
await runBacktest({ config, strategy: hedgedCall as unknown as typeof strategy, params: leanParams, bars, barMs })
const peakRss = process.resourceUsage().maxRSS * 1024
// Rounds of (built-in, lean, bare), each ratio taken within its round: this VM's page faults on fresh memory (every
// run writes ~190 MB of new columns, and so does the bare loop) swing by tens of ms from one minute to the next, so
// a ratio of two medians taken minutes apart is noisier than the median of same-round ratios.
const builtInMs: number[] = [], leanMs: number[] = [], bare: number[] = [], builtInRatio: number[] = [], leanRatio: number[] = []
let builtInFills = 0, leanFills = 0
await once(strategy, params); bareOnce() // warm the JIT: the lean strategy already ran once above
for (let r = 0; r < 5; r++) {
  const b = await once(strategy, params)
  const l = await once(hedgedCall as unknown as typeof strategy, leanParams)
  const x = bareOnce()
  builtInMs.push(b.ms); leanMs.push(l.ms); bare.push(x); builtInRatio.push(b.ms / x); leanRatio.push(l.ms / x)
  builtInFills = b.fills; leanFills = l.fills
}
const builtIn = { ms: median(builtInMs), fills: builtInFills }
const lean = { ms: median(leanMs), fills: leanFills }

const bareMs = median(bare)
const mbps = (ms: number) => `${((BARS / ms) * 1000 / 1e6).toFixed(2)}M bars/s (median ${ms.toFixed(0)} ms)`
report(`built-in covered call, ${(BARS / 1e6).toFixed(2)}M 1m bars, ${builtIn.fills} fills`, mbps(builtIn.ms), { ok: (BARS / builtIn.ms) * 1000 >= 2e6, text: '>= 2M bars/s' })
report(`same book, plain band check in onBar, ${lean.fills} fills`, mbps(lean.ms), { ok: (BARS / lean.ms) * 1000 >= 2e6, text: '>= 2M bars/s' })
report('bare typed-array loop, same arithmetic', mbps(bareMs))
report('built-in covered call / bare ratio (median of 5 rounds)', `${median(builtInRatio).toFixed(2)}x (rounds ${builtInRatio.map((x) => x.toFixed(2)).join(' ')})`, { ok: median(builtInRatio) <= 2, text: '<= 2x' })
report('plain band check / bare ratio (median of 5 rounds)', `${median(leanRatio).toFixed(2)}x (rounds ${leanRatio.map((x) => x.toFixed(2)).join(' ')})`, { ok: median(leanRatio) <= 2, text: '<= 2x' })
report('peak RSS (bars + one run with every per-bar column)', `${(peakRss / 2 ** 20).toFixed(0)} MB`, { ok: peakRss < 500 * 2 ** 20, text: '< 500 MB' })
