// renderReport on a 2.6M-bar backtest (five years of one-minute bars, weekly epochs): time and file size
// (npm run bench -- renderReport). The input is built once with sampleReportInput (BSM Greeks every bar), not timed.
import { medianMs, report } from '../../support/bench.ts'
import { renderReport } from '../../../backtest/report/renderReport.ts'
import { sampleReportInput } from '../../../backtest/report/sampleReportInput.ts'
import { robustRange } from '../../../backtest/report/robustRange.ts'
import { healthTop } from '../../../backtest/report/chartData.ts'

const bars = 2_600_000
const t0 = performance.now()
const input = sampleReportInput({ bars, barMs: 60_000, seed: 1 })
const buildMs = performance.now() - t0
let bytes = 0
const ms = medianMs(() => { bytes = Buffer.byteLength(renderReport(input)) }, 5, 1)
report('sampleReportInput, 2.6M one-minute bars (setup, one run)', `${(buildMs / 1000).toFixed(1)} s, ${input.epochs.length} epochs`)
report('renderReport, 2.6M bars', `${ms.toFixed(0)} ms`, { ok: ms <= 2000, text: '<= 2 s' })
report('report.html size, 2.6M bars', `${(bytes / 1e6).toFixed(2)} MB`, { ok: bytes <= 2e6, text: '<= 2 MB' })
// The y-range passes renderReport makes over every bar: one robustRange per Greek (4) and healthTop, against one
// bare pass summing the same column, the floor for anything that reads 2.6M bars.
const delta = input.bars.delta
let sink = 0
const bareMs = medianMs(() => { let a = 0; for (let i = 0; i < bars; i++) a += delta[i] as number; sink += a }, 5, 1)
const rangeMs = medianMs(() => { sink += robustRange(bars, (i) => delta[i] as number)?.max ?? 0 }, 5, 1)
const topMs = medianMs(() => { sink += healthTop(input.bars.health) }, 5, 1)
report('bare pass over 2.6M bars (sum)', `${bareMs.toFixed(1)} ms`)
report('robustRange, 2.6M bars (one Greek)', `${rangeMs.toFixed(1)} ms, ${(rangeMs / bareMs).toFixed(1)}x the bare pass`)
report('healthTop, 2.6M bars', `${topMs.toFixed(1)} ms`)
if (sink === 42) console.log('') // keeps the loops from being optimised away
