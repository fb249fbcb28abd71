/** What the built-in strategies' per-bar hooks cost inside the backtest loop: one year of 1-minute GBM bars
 * (525,600 bars) through the real runtime. onBar is timed from inside (performance.now around each call, minus the
 * same timing around an empty onBar), so the figure is the hook's own time, order placement included and the
 * venue's fill processing excluded; whole-run bars/s are printed next to it. Target: at most 0.5 us per bar, so a
 * 5-year 1-minute backtest spends under 1.5 s in strategy code. Medians of 5 runs. */
import { performance } from 'node:perf_hooks'
import { runBacktest } from '../../backtest/loop/runBacktest.ts'
import { simulateGbm } from '../../data/synth/gbm.ts'
import { parseConfigText } from '../../engine/config/parseConfigText.ts'
import type { StrategyDefinition } from '../../engine/plugin/index.ts'
import { builtInStrategies } from '../../strategies/index.ts'
import { report } from '../support/bench.ts'

const BARS = 365 * 1440
const barMs = 60_000
const bars = simulateGbm({ spot: 40_000, vol: 0.6, drift: 0 }, { startMs: Date.UTC(2020, 0, 3), barMs, bars: BARS, subSteps: 1 }, 42)

function config(strategy: string, params: string, hedge: string) {
  return parseConfigText([
    'vault: { asset: BTC, initialNav: 10, epoch: { every: weekly, weekday: friday, hourUtc: 8 } }',
    `strategy: { name: ${strategy}, params: ${params} }`,
    'data: { bars: bars.csv, barSize: 1m }',
    'iv: { source: constant, value: 0.6 }',
    'execution: { venue: sim, fees: { takerBps: 5 }, slippage: { model: bps, bps: 5 } }',
    `hedge: ${hedge}`, '',
  ].join('\n'), `/tmp/bench/${strategy}.yaml`)
}

/** The strategy with its per-bar hook taken out. */
const noBar = (s: StrategyDefinition): StrategyDefinition => ({ ...s, onBar: undefined }) as StrategyDefinition
const cc = builtInStrategies['covered-call']!
const gv = builtInStrategies['gamma-vault']!
const band = '{ instrument: perp, targetDelta: 1, trigger: band, band: 0.05 }'
const ww = '{ instrument: perp, targetDelta: 0, trigger: whalley-wilmott, riskAversion: 0.0001, costFraction: 0.001 }'
const ladder = '{ lookbackDays: 10, ladder: [{ daysToExpiry: 7, budgetPct: 50 }, { daysToExpiry: 14, budgetPct: 30 }, { daysToExpiry: 28, budgetPct: 20 }] }'
const cases: [string, StrategyDefinition, ReturnType<typeof config>][] = [
  ['covered-call, band hedge', cc, config('covered-call', '{ targetDelta: 0.2 }', band)],
  ['covered-call, band hedge, rollDelta 0.6', cc, config('covered-call', '{ targetDelta: 0.2, rollDelta: 0.6 }', band)],
  ['gamma-vault (ewma, 3-rung ladder), WW hedge', gv, config('gamma-vault', ladder, ww)],
]

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] as number }

/** The strategy with its onBar timed; `spent()` is the total ms inside onBar. */
function timedOnBar(s: StrategyDefinition, inner = s.onBar): { strategy: StrategyDefinition; spent: () => number } {
  let ms = 0
  const onBar = inner ?? (() => {})
  return {
    strategy: { ...s, onBar: (ctx, p) => { const t = performance.now(); const r = onBar(ctx, p); ms += performance.now() - t; return r } } as StrategyDefinition,
    spent: () => ms,
  }
}

async function once(strategy: StrategyDefinition, cfg: ReturnType<typeof config>): Promise<{ ms: number; fills: number }> {
  const params = strategy.params.parse(cfg.strategy.params)
  ;(globalThis as { gc?: () => void }).gc?.()
  const t = performance.now()
  const res = await runBacktest({ config: cfg, strategy, params, bars, barMs })
  return { ms: performance.now() - t, fills: res.trades.length }
}

for (const [name, strategy, cfg] of cases) {
  const inBar: number[] = []
  const empty: number[] = []
  const whole: number[] = []
  let fills = 0
  await once(strategy, cfg) // warm-up
  for (let r = 0; r < 5; r++) {
    const e = timedOnBar(noBar(strategy), () => {}) // the timer's own cost, on the same loop
    await once(e.strategy, cfg)
    empty.push(e.spent())
    const w = timedOnBar(strategy)
    const run = await once(w.strategy, cfg)
    inBar.push(w.spent())
    whole.push(run.ms)
    fills = run.fills
  }
  const usPerBar = ((median(inBar) - median(empty)) * 1000) / BARS
  report(`${name} (${fills} fills)`, `onBar ${usPerBar.toFixed(3)} us/bar; whole run ${((BARS / median(whole)) * 1000 / 1e6).toFixed(2)}M bars/s`,
    { ok: usPerBar <= 0.5, text: '<= 0.5 us/bar' })
}
