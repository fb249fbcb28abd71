// Speed of attributePnl on a long backtest (npm run bench -- attributePnl). Baseline: a bare loop computing the same
// four Taylor terms into running sums with no checks and no epoch bookkeeping.
import { medianMs, perSecond, report } from '../../support/bench.ts'
import { attributePnl } from '../../../backtest/attribution/attributePnl.ts'

const n = 2_600_000
const c = () => new Float64Array(n)
const tMs = c(), spot = c(), sigma = c(), delta = c(), gamma = c(), vega = c(), theta = c(), pnl = c(), fees = c(), epoch = c()
for (let i = 0; i < n; i++) {
  tMs[i] = Date.UTC(2020, 0, 1) + i * 60_000
  spot[i] = 40_000 + 1000 * Math.sin(i * 1e-4)
  sigma[i] = 0.6 + 0.05 * Math.cos(i * 3e-5)
  delta[i] = 0.3; gamma[i] = 1e-5; vega[i] = 50; theta[i] = -2000
  pnl[i] = Math.sin(i); fees[i] = i % 10_080 === 1 ? -5 : 0
  epoch[i] = 1 + Math.floor(i / 10_080) // weekly epochs of one-minute bars
}

let sink = 0
const baseline = medianMs(() => {
  let d = 0, g = 0, v = 0, t = 0
  for (let i = 1; i < n; i++) {
    const dS = (spot[i] as number) - (spot[i - 1] as number)
    d += (delta[i - 1] as number) * dS
    g += 0.5 * (gamma[i - 1] as number) * dS * dS
    v += (vega[i - 1] as number) * ((sigma[i] as number) - (sigma[i - 1] as number))
    t += (theta[i - 1] as number) * (((tMs[i] as number) - (tMs[i - 1] as number)) / 31_536_000_000)
  }
  sink += d + g + v + t
})
const full = medianMs(() => { sink += attributePnl({ tMs, spot, sigma, delta, gamma, vega, theta, pnl, costs: { fees }, epoch }).length })
report('baseline: bare Taylor-term loop, 2.6M bars', `${baseline.toFixed(1)} ms (${perSecond(n, baseline)} bars)`)
report('attributePnl, 2.6M bars, 258 epochs (checks included)', `${full.toFixed(1)} ms (${perSecond(n, full)} bars), ${(full / baseline).toFixed(2)}x baseline`,
  { ok: full <= 300, text: '<= 300 ms' })
if (sink === 42) console.log('')
