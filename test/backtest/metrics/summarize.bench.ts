// Speed of summarize() on a long equity curve (npm run bench -- summarize). Baseline: one bare loop that takes the
// log of every NAV ratio and sums it, the least any log-return metric must do. summarize makes that pass once
// (Welford + downside in the same loop), plus the input check and the drawdown pass.
import { medianMs, perSecond, report } from '../../support/bench.ts'
import { summarize, summarizeVsBuyAndHold } from '../../../backtest/metrics/summarize.ts'
import { NormalSampler } from '../../../data/random/normalSampler.ts'
import { Xoshiro128 } from '../../../data/random/xoshiro128.ts'

const n = 2_600_000 // five years of one-minute bars
const tMs = new Float64Array(n)
const nav = new Float64Array(n)
const spot = new Float64Array(n)
// A seeded random walk: a real NAV's returns change sign at random, which a branch on the sign mispredicts every
// other bar (a smooth periodic path hid that: the downside loop took 2.5x longer on a real sweep's NAV than here).
const z = new NormalSampler(new Xoshiro128(11))
let x = 1e6
for (let i = 0; i < n; i++) {
  tMs[i] = Date.UTC(2020, 0, 1) + i * 60_000
  x *= 1 + 0.0004 * z.next() + 1e-6
  nav[i] = x
  spot[i] = x / 25
}

let sink = 0
const baseline = medianMs(() => {
  let s = 0
  for (let i = 1; i < n; i++) s += Math.log((nav[i] as number) / (nav[i - 1] as number))
  sink += s
})
const one = medianMs(() => { sink += summarize({ tMs, nav }).sharpe ?? 0 })
const both = medianMs(() => { sink += summarizeVsBuyAndHold({ tMs, nav, spot }).buyAndHold.totalReturn })
report('baseline: bare log-return loop, 2.6M bars', `${baseline.toFixed(1)} ms (${perSecond(n, baseline)} bars)`)
report('summarize, 2.6M bars', `${one.toFixed(1)} ms (${perSecond(n, one)} bars), ${(one / baseline).toFixed(2)}x baseline`,
  { ok: one <= 250, text: '<= 250 ms' })
report('summarizeVsBuyAndHold, 2.6M bars', `${both.toFixed(1)} ms`)
if (sink === 42) console.log('')
