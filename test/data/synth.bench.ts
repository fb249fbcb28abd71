// Speed of the synthetic generators and the transforms: medians over several runs (npm run bench -- synth).
// Baseline: a bare loop over a Float64Array that draws the same normals and takes the same exp per sub-step,
// i.e. the least any GBM bar generator with these sub-steps must do.
import { medianMs, perSecond, report } from '../support/bench.ts'
import { simulateGbm } from '../../data/synth/gbm.ts'
import { simulateHeston } from '../../data/synth/heston.ts'
import { simulateMerton } from '../../data/synth/merton.ts'
import { barsCsvText } from '../../data/synth/csvText.ts'
import { resampleBars } from '../../data/transform/resample.ts'
import { asOfJoin } from '../../data/transform/asOfJoin.ts'
import { NormalSampler } from '../../data/random/normalSampler.ts'
import { Xoshiro128 } from '../../data/random/xoshiro128.ts'

const start = Date.UTC(2024, 0, 1)
const minuteGrid = { startMs: start, barMs: 60_000, bars: 1440 * 30, subSteps: 12 } // 30 days of 1m bars, the CLI default sub-steps
const hourGrid = { startMs: start, barMs: 3_600_000, bars: 24 * 365, subSteps: 60 } // a year of 1h bars

const steps = minuteGrid.bars * minuteGrid.subSteps
const baseline = medianMs(() => {
  const n = new NormalSampler(new Xoshiro128(1))
  const out = new Float64Array(minuteGrid.bars)
  let x = 0
  for (let i = 0; i < minuteGrid.bars; i++) {
    for (let k = 0; k < minuteGrid.subSteps; k++) x += Math.exp(1e-4 * n.next())
    out[i] = x
  }
})
const gbm = medianMs(() => { simulateGbm({ spot: 40_000, vol: 0.6, drift: 0 }, minuteGrid, 1) })
report('baseline: normal + exp per sub-step, 1m x 12 sub-steps', `${perSecond(minuteGrid.bars, baseline)} bars (${perSecond(steps, baseline)} steps)`)
report('simulateGbm 1m bars, 12 sub-steps', `${perSecond(minuteGrid.bars, gbm)} bars (${perSecond(steps, gbm)} steps), ${(gbm / baseline).toFixed(2)}x baseline`,
  { ok: minuteGrid.bars / gbm * 1000 >= 1e6, text: '>= 1M bars/s' })
const gbmH = medianMs(() => { simulateGbm({ spot: 40_000, vol: 0.6, drift: 0 }, hourGrid, 1) })
report('simulateGbm 1h bars, 60 sub-steps (a year)', `${perSecond(hourGrid.bars, gbmH)} bars, ${gbmH.toFixed(1)} ms per year`)
const heston = medianMs(() => { simulateHeston({ spot: 40_000, vol: 0.6, drift: 0, kappa: 2, theta: 0.36, xi: 0.5, rho: -0.5 }, hourGrid, 1) })
report('simulateHeston 1h bars, 60 sub-steps (a year)', `${perSecond(hourGrid.bars, heston)} bars, ${heston.toFixed(1)} ms per year`)
const merton = medianMs(() => { simulateMerton({ spot: 40_000, vol: 0.6, drift: 0, jumpIntensity: 10, jumpMean: -0.02, jumpVol: 0.05 }, hourGrid, 1) })
report('simulateMerton 1h bars, 60 sub-steps (a year)', `${perSecond(hourGrid.bars, merton)} bars, ${merton.toFixed(1)} ms per year`)

const bars = simulateGbm({ spot: 40_000, vol: 0.6, drift: 0 }, minuteGrid, 1)
const csv = medianMs(() => { barsCsvText(bars) }, 5, 1)
report('barsCsvText (the CLI\'s write cost)', `${perSecond(bars.length, csv)} rows`)
const resample = medianMs(() => { resampleBars(bars, { fromMs: 60_000, toMs: 3_600_000 }) })
report('resampleBars 1m -> 1h', `${perSecond(bars.length, resample)} input bars`, { ok: bars.length / resample * 1000 >= 10e6, text: '>= 10M bars/s' })
const hourly = resampleBars(bars, { fromMs: 60_000, toMs: 3_600_000 }).bars
const join = medianMs(() => { asOfJoin(bars, hourly, hourly.close) })
report('asOfJoin 1m bars onto 1h closes', `${perSecond(bars.length, join)} left rows`, { ok: bars.length / join * 1000 >= 10e6, text: '>= 10M rows/s' })
