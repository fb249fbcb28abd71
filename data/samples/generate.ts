// Writes the bundled sample datasets. Run: npx tsx data/samples/generate.ts
// Same code, same bytes: test/data/samples/samples.test.ts regenerates them and compares with the files.
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import type { BarColumns, ChainColumns, VolColumns } from '../barColumns.ts'
import { seriesToCsv } from '../formats/seriesCsv.ts'
import { black76Price } from '../../engine/domain/pricing/black76.ts'
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
  const lastV = path.vol.vol[b.length - 1]! ** 2
  const chain = chainSnapshot(b.tMs[b.length - 1]!, bars.close[b.length - 1]!, (tYears) => Math.sqrt(theta + (lastV - theta) * (1 - Math.exp(-kappa * tYears)) / (kappa * tYears)))
  return { 'btc-usd-1h-sample.csv': seriesToCsv(bars), 'btc-vol-1d-sample.csv': seriesToCsv(index), 'btc-chain-sample.csv': seriesToCsv(chain) }
}

// Expiries like Deribit's at the end of 2024: two weeklies, two monthlies and a quarterly, 08:00 UTC.
const EXPIRIES = [Date.UTC(2025, 0, 3, 8), Date.UTC(2025, 0, 10, 8), Date.UTC(2025, 0, 31, 8), Date.UTC(2025, 1, 28, 8), Date.UTC(2025, 2, 28, 8)]
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
/** Futures basis, annual: BTC futures traded about 8% a year over spot through 2024. */
const BASIS = 0.08
/** Half the bid/ask spread in IV: one vol point each side of mark. */
const HALF_SPREAD_IV = 0.01

/** One chain snapshot at the last bar's open, priced with Black-76 on each expiry's forward: ATM IV is the
 * Heston fair vol for the expiry (the same path's variance), with a skew that lifts puts and far strikes.
 * Prices are in BTC (Deribit's inverse quoting: the USD value over the forward), rounded to 0.0001 BTC;
 * a bid that rounds below one tick is no bid, and a strike whose ask rounds below one tick is not listed. */
function chainSnapshot(tMs: number, spot: number, atmVol: (tYears: number) => number): ChainColumns {
  const rows: { instrument: string; expiryMs: number; strike: number; isCall: boolean; v: number[] }[] = []
  for (const expiryMs of EXPIRIES) {
    const tYears = (expiryMs - tMs) / (365 * DAY_MS)
    const forward = spot * Math.exp(BASIS * tYears)
    const step = tYears < 0.05 ? 2000 : 5000
    const atm = Math.round(spot / step) * step
    const e = new Date(expiryMs)
    const tag = `${e.getUTCDate()}${MONTHS[e.getUTCMonth()]}${String(e.getUTCFullYear()).slice(2)}`
    for (let k = -4; k <= 4; k++) {
      const strike = atm + k * step
      const x = Math.log(strike / forward)
      const iv = atmVol(tYears) * (1 - 0.4 * x + 1.5 * x * x)
      for (const isCall of [true, false]) {
        const btc = (sigma: number): number => black76Price({ kind: isCall ? 'call' : 'put', forward, strike, tYears, sigma, rate: 0 }) / forward
        const tick = (p: number): number => Math.round(p * 1e4) / 1e4
        const bid = tick(btc(iv - HALF_SPREAD_IV))
        if (tick(btc(iv + HALF_SPREAD_IV)) < 1e-4) continue
        rows.push({ instrument: `BTC-${tag}-${strike}-${isCall ? 'C' : 'P'}`, expiryMs, strike, isCall, v: [
          bid >= 1e-4 ? bid : NaN, tick(btc(iv + HALF_SPREAD_IV)), tick(btc(iv)),
          bid >= 1e-4 ? Number((iv - HALF_SPREAD_IV).toFixed(4)) : NaN, Number((iv + HALF_SPREAD_IV).toFixed(4)), Number(iv.toFixed(4)),
          Number(forward.toFixed(2)), Math.round(2000 * Math.exp(-40 * x * x)) / 10,
        ] })
      }
    }
  }
  const n = rows.length
  const col = (j: number): Float64Array => Float64Array.from(rows, (r) => r.v[j]!)
  return {
    length: n, tMs: new Float64Array(n).fill(tMs), instrument: rows.map((r) => r.instrument), expiryMs: Float64Array.from(rows, (r) => r.expiryMs),
    strike: Float64Array.from(rows, (r) => r.strike), isCall: Uint8Array.from(rows, (r) => (r.isCall ? 1 : 0)),
    bid: col(0), ask: col(1), mark: col(2), bidIv: col(3), askIv: col(4), markIv: col(5), underlyingPrice: col(6), openInterest: col(7),
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = dirname(fileURLToPath(import.meta.url))
  for (const [name, text] of Object.entries(sampleFiles())) {
    writeFileAtomic(join(dir, name), text)
    process.stdout.write(`wrote ${join(dir, name)} (${text.length} bytes)\n`)
  }
}
