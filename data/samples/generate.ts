// Writes the bundled sample datasets. Run: npx tsx data/samples/generate.ts
// Same code, same bytes: test/data/samples/samples.test.ts regenerates them and compares with the files.
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import type { BarColumns, VolColumns } from '../barColumns.ts'
import { seriesToCsv } from '../formats/seriesCsv.ts'
import { writeFileAtomic } from '../io/writeAtomic.ts'
import { simulateHeston, type HestonParams } from '../synth/heston.ts'

export const SAMPLE_SEED = 20240101
const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
const START_MS = Date.UTC(2024, 0, 1) // 2024-01-01T00:00:00Z
const DAYS = 365

/** BTC-like hourly path: Heston with a long-run vol of 55% (about BTC's 2023-24 DVOL average), mean reversion
 * with a half-life of ln2/3 years (about 12 weeks), vol of variance 0.8 and the negative price/vol correlation
 * crypto shows in sell-offs. Feller holds (2 kappa theta = 1.8 > xi^2 = 0.64), so vol stays off zero. */
export const SAMPLE_HESTON: HestonParams = { spot: 42_000, drift: 0, vol: 0.55, kappa: 3, theta: 0.55 * 0.55, xi: 0.8, rho: -0.3, volumePerDay: 20_000 }

/** The index is the model's fair 30-day vol, like DVOL (30-day implied vol): under Heston the expected mean
 * variance over T is theta + (v - theta)(1 - e^(-kappa T)) / (kappa T). */
const INDEX_YEARS = 30 / 365

/** The sample files, name -> CSV text: an hourly bars series and a daily vol index from the same path. The
 * daily value is stamped at 00:00 UTC and computed from the variance at the END of that day, the convention
 * of Deribit's daily DVOL candle (stamped at the open, valued at the close). */
export function sampleFiles(): Record<string, string> {
  const path = simulateHeston(SAMPLE_HESTON, { startMs: START_MS, barMs: HOUR_MS, bars: DAYS * 24, subSteps: 60 }, SAMPLE_SEED)
  const b = path.bars
  const r = (x: number, digits: number): number => Number(x.toFixed(digits)) // rounding keeps low <= open, close <= high
  const round = (a: Float64Array, digits: number): Float64Array => a.map((x) => r(x, digits))
  const bars: BarColumns = { length: b.length, tMs: b.tMs, open: round(b.open, 2), high: round(b.high, 2), low: round(b.low, 2), close: round(b.close, 2), volume: round(b.volume, 4) }
  const { kappa, theta } = SAMPLE_HESTON
  const weight = (1 - Math.exp(-kappa * INDEX_YEARS)) / (kappa * INDEX_YEARS)
  const tMs = new Float64Array(DAYS)
  const vol = new Float64Array(DAYS)
  for (let d = 0; d < DAYS; d++) {
    const v = path.vol.vol[d * 24 + 23]! ** 2
    tMs[d] = START_MS + d * DAY_MS
    vol[d] = r(Math.sqrt(theta + (v - theta) * weight), 4)
  }
  const index: VolColumns = { length: DAYS, tMs, vol }
  return { 'btc-usd-1h-sample.csv': seriesToCsv(bars), 'btc-vol-1d-sample.csv': seriesToCsv(index) }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = dirname(fileURLToPath(import.meta.url))
  for (const [name, text] of Object.entries(sampleFiles())) {
    writeFileAtomic(join(dir, name), text)
    process.stdout.write(`wrote ${join(dir, name)} (${text.length} bytes)\n`)
  }
}
