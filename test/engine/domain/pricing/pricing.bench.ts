/** Speed of the pricing core: options per second for price + delta, gamma, vega, theta, rho through
 * `optionGreeksBatch`, against a bare typed-array loop doing the same arithmetic with the plain textbook formula
 * (Math.exp/log and a Zelen-Severo normal CDF: no tails, no limits, no validation) as the baseline.
 * Medians over several runs. Run: npx tsx test/engine/domain/pricing/pricing.bench.ts */
import { optionGreeksBatch, type BatchInput } from '../../../../engine/domain/pricing/batch.ts'
import { optionGreeksInto } from '../../../../engine/domain/pricing/optionGreeks.ts'
import { GREEK_COUNT, type PricingModel } from '../../../../engine/domain/pricing/types.ts'
import { medianMs, perSecond, report } from '../../../support/bench.ts'

// Seeded inputs (an LCG), so every machine prices the same options.
let seed = 2024
const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32
const n = 1_000_000
const input: BatchInput = {
  length: n, isCall: new Uint8Array(n), underlying: new Float64Array(n), strike: new Float64Array(n),
  tYears: new Float64Array(n), sigma: new Float64Array(n), rate: new Float64Array(n), div: new Float64Array(n),
}
for (let i = 0; i < n; i++) {
  input.isCall[i] = rnd() < 0.5 ? 1 : 0
  input.underlying[i] = 3000
  input.strike[i] = 3000 * Math.exp((rnd() - 0.5) * 1.2) // moneyness about 0.55..1.8
  input.tYears[i] = 1 / 365 + rnd()
  input.sigma[i] = 0.2 + rnd() * 1.0
  input.rate[i] = rnd() * 0.06
  input.div[i] = rnd() * 0.02
}
const col = () => new Float64Array(n)
const six = { price: col(), delta: col(), gamma: col(), vega: col(), theta: col(), rho: col() }
const all = { ...six, divRho: col(), vanna: col(), volga: col(), charm: col(), speed: col() }

for (const model of ['bsm', 'black76', 'inverse'] as PricingModel[]) {
  const ms = medianMs(() => optionGreeksBatch(model, input, six), 7)
  const rate = (n / ms) * 1000
  report(`${model}: price + delta, gamma, vega, theta, rho (batch)`, perSecond(n, ms), { ok: rate >= 10e6, text: '>= 10M/s' })
}
const msAll = medianMs(() => optionGreeksBatch('bsm', input, all), 7)
report('bsm: all 11 columns (batch)', perSecond(n, msAll))

const g = new Float64Array(GREEK_COUNT)
let sink = 0
const msInto = medianMs(() => {
  for (let i = 0; i < n; i++) {
    optionGreeksInto(g, 'bsm', input.isCall[i] === 1, input.underlying[i] as number, input.strike[i] as number,
      input.tYears[i] as number, input.sigma[i] as number, input.rate[i] as number, input.div[i] as number)
    sink += g[0] as number
  }
}, 7)
report('bsm: optionGreeksInto, scalar loop', perSecond(n, msInto))

// Baseline: the textbook formula in a bare loop (Abramowitz-Stegun 26.2.17 normal CDF, ~7.5e-8 absolute).
function cdfAS(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.2316419 * z)
  const p = Math.exp(-0.5 * z * z) * 0.3989422804014327
    * t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))))
  return x >= 0 ? 1 - p : p
}
const bare = () => {
  const { price, delta, gamma, vega, theta, rho } = six
  for (let i = 0; i < n; i++) {
    const S = input.underlying[i] as number, K = input.strike[i] as number, t = input.tYears[i] as number
    const v = input.sigma[i] as number, r = input.rate[i] as number, q = input.div[i] as number
    const sq = Math.sqrt(t), s = v * sq, eq = Math.exp(-q * t), df = Math.exp(-r * t)
    const d1 = (Math.log(S / K) + (r - q) * t) / s + 0.5 * s, d2 = d1 - s
    const pd = Math.exp(-0.5 * d1 * d1) * 0.3989422804014327
    const w = input.isCall[i] === 1 ? 1 : -1
    const n1 = cdfAS(w * d1), n2 = cdfAS(w * d2)
    price[i] = w * (S * eq * n1 - K * df * n2)
    delta[i] = w * eq * n1
    gamma[i] = eq * pd / (S * s)
    vega[i] = S * eq * pd * sq
    theta[i] = -S * eq * pd * v / (2 * sq) + w * (q * S * eq * n1 - r * K * df * n2)
    rho[i] = w * t * K * df * n2
  }
}
const msBare = medianMs(bare, 7)
report('baseline: textbook formula, bare typed-array loop', perSecond(n, msBare))
report('batch cost relative to the bare loop (bsm, 6 columns)',
  `${(medianMs(() => optionGreeksBatch('bsm', input, six), 5) / msBare).toFixed(2)}x`)
if (sink === 42) console.log('')
