// What a Uniswap hedge fill costs the backtest (npm run bench -- uniswapHedgeFill): the pool re-centred on the bar's
// price and one v3 SDK swap, per fill; and a hedged covered call over a year of hourly bars with hedge.instrument
// uniswap against the same run hedging with the perp (ratio from the same process). Medians over several runs.
import { performance } from 'node:perf_hooks'
import { report } from '../../support/bench.ts'
import { uniswapHedgeFill, uniswapPoolAt, type UniswapExecution } from '../../../backtest/simVenue/uniswapHedgeFill.ts'
import { runBacktest } from '../../../backtest/loop/runBacktest.ts'
import { simulateGbm } from '../../../data/synth/gbm.ts'
import { testConfig } from '../support/testConfig.ts'
import { hedgedCall } from '../support/strategies.ts'

async function medianAsync(fn: () => Promise<void>, runs: number, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn()
  const t: number[] = []
  for (let i = 0; i < runs; i++) { const t0 = performance.now(); await fn(); t.push(performance.now() - t0) }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)] as number
}

const u: UniswapExecution = { feeBps: 30, price: 60_000, gasPerSwap: 150_000,
  ranges: [{ lowerUsd: 50_000, upperUsd: 70_000, asset: 300, usdc: 18e6 }, { lowerUsd: 30_000, upperUsd: 100_000, asset: 300, usdc: 18e6 }] }
const fills = 200
const perFill = await medianAsync(async () => {
  for (let k = 0; k < fills; k++) await uniswapHedgeFill(uniswapPoolAt(u, 55_000 + 50 * k), k % 2 ? 'buy' : 'sell', 0.5 + (k % 7))
}, 5)
report('uniswap hedge fill (re-centre + v3 swap)', `${((perFill / fills) * 1000).toFixed(0)} us per fill`)

const bars = simulateGbm({ spot: 40_000, vol: 0.6, drift: 0 }, { startMs: Date.UTC(2024, 0, 1), barMs: 3_600_000, bars: 24 * 365, subSteps: 1 }, 5)
const execution = '  venue: sim\n  gas: { model: constant, gwei: 10 }\n  uniswap: { price: 40000, ranges: [{ lowerUsd: 30000, upperUsd: 50000, asset: 200, usdc: 8000000 }] }'
const run = (instrument: string) => async () => {
  const config = testConfig({ execution, hedge: `  trigger: band\n  instrument: ${instrument}\n  band: 0.05` })
  const r = await runBacktest({ config, strategy: hedgedCall, params: hedgedCall.params.parse({}), bars, barMs: 3_600_000 })
  hedges = r.trades.filter((t) => t.kind === 'hedge').length
}
let hedges = 0
const perp = await medianAsync(run('perp'), 5)
const perpHedges = hedges
const uni = await medianAsync(run('uniswap'), 5)
report('hedged call, 1 year of 1h bars, perp hedge', `${perp.toFixed(0)} ms (${perpHedges} hedges)`)
report('hedged call, 1 year of 1h bars, uniswap hedge', `${uni.toFixed(0)} ms (${hedges} hedges), ${(uni / perp).toFixed(2)}x the perp run`)
