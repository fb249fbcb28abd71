/** Speed of the settlement price: one TWAP per weekly expiry over a year of 6-second index samples (Deribit's
 * index cadence), against a bare typed-array loop over the same window whose indices it knows in advance (the
 * samples are evenly spaced), i.e. the floor: summing 300 samples, no search, no validation.
 * Medians over several runs. Run: npx tsx test/engine/domain/settlement/twapSettlementPrice.bench.ts */
import { twapSettlementPrice } from '../../../../engine/domain/settlement/twapSettlementPrice.ts'
import { medianMs, perSecond, report } from '../../../support/bench.ts'

const STEP_MS = 6_000
const n = (365 * 86_400_000) / STEP_MS // 5.26M samples
const t0 = Date.UTC(2024, 0, 5, 8) // a Friday, 08:00 UTC
const tMs = new Float64Array(n), price = new Float64Array(n)
let seed = 7
const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32
for (let i = 0, p = 60_000; i < n; i++) { tMs[i] = t0 + i * STEP_MS; p *= 1 + (rnd() - 0.5) * 1e-4; price[i] = p }
const expiries = Array.from({ length: 52 }, (_, k) => t0 + (k + 1) * 7 * 86_400_000)

let sink = 0
const ms = medianMs(() => { for (const expiryMs of expiries) sink += twapSettlementPrice({ tMs, price, expiryMs }) }, 9)
report('twapSettlementPrice: 52 weekly expiries, 5.26M samples', perSecond(expiries.length, ms), { ok: ms < 5, text: 'a year of expiries < 5 ms' })

// Baseline: the window's indices come from the even spacing, then the same piecewise-constant sum.
const bare = () => {
  for (const expiryMs of expiries) {
    const lo = Math.ceil((expiryMs - 1_800_000 - t0) / STEP_MS), hi = Math.floor((expiryMs - t0) / STEP_MS)
    let sum = 0
    for (let i = lo; i <= hi; i++) {
      const next = i < hi ? (tMs[i + 1] as number) : expiryMs
      sum += (price[i] as number) * (next - (tMs[i] as number))
    }
    sink += sum / (expiryMs - (tMs[lo] as number))
  }
}
const msBare = medianMs(bare, 9)
report('bare loop, window indices known (baseline)', perSecond(expiries.length, msBare))
report('ratio twapSettlementPrice / baseline time', `${(ms / msBare).toFixed(2)}x`)
if (sink === 42) console.log('')
