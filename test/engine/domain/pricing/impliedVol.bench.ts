/** Implied vol throughput through impliedVolBatch on a realistic random chain, and its accuracy.
 * Run: npx tsx test/engine/domain/pricing/impliedVol.bench.ts (or npm run bench -- impliedVol).
 * Target: >= 2M solves/s at <= 1e-12 max relative price error (re-pricing the implied vol). */
import { impliedVolBatch } from '../../../../engine/domain/pricing/impliedVol.ts'
import type { PricingModel } from '../../../../engine/domain/pricing/types.ts'
import { Xoshiro128 } from '../../../../data/random/xoshiro128.ts'
import { medianMs, perSecond, report } from '../../../support/bench.ts'
import { normalisedVega } from '../../../../engine/domain/pricing/letsBeRational/normalisedBlack.ts'
import { normalisedModelPrice } from './letsBeRational/normalisedPrice.ts'

const n = 200_000
const rng = new Xoshiro128(20150401)
const logUniform = (lo: number, hi: number) => lo * Math.exp(rng.uniform() * Math.log(hi / lo))

// A crypto-like book: spot 1e3..1e5, strikes 0.5x..2x forward, 1 day..2 years, 20%..200% vol, rates 0..6%.
function chain(model: PricingModel) {
  const isCall = new Uint8Array(n), underlying = new Float64Array(n), strike = new Float64Array(n)
  const tYears = new Float64Array(n), price = new Float64Array(n), rate = new Float64Array(n), div = new Float64Array(n)
  const sigma = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    isCall[i] = rng.uniform() < 0.5 ? 1 : 0
    underlying[i] = logUniform(1e3, 1e5)
    strike[i] = underlying[i]! * logUniform(0.5, 2)
    tYears[i] = logUniform(1 / 365, 2)
    sigma[i] = logUniform(0.2, 2)
    rate[i] = 0.06 * rng.uniform()
    div[i] = 0.02 * rng.uniform()
    price[i] = normalisedModelPrice(model, isCall[i] === 1, underlying[i]!, strike[i]!, tYears[i]!, sigma[i]!, rate[i]!, div[i]!)
  }
  return { input: { length: n, isCall, underlying, strike, tYears, price, rate, div }, sigma }
}

for (const model of ['bsm', 'black76', 'inverse'] as const) {
  const { input, sigma } = chain(model)
  const out = new Float64Array(n)
  const status = new Uint8Array(n)
  const ms = medianMs(() => impliedVolBatch(model, input, out, status), 7, 2)
  // Baseline in the same process: one exp and one log per row over the same columns, so a noisy machine shows
  // in both figures and the ratio stays meaningful.
  let sink = 0
  const baseMs = medianMs(() => {
    for (let i = 0; i < n; i++) sink += Math.exp(-input.rate[i]! * input.tYears[i]!) * Math.log(input.strike[i]! / input.underlying[i]!)
  }, 7, 2)
  if (sink === 42) console.log('')
  let maxPriceErr = 0, maxVolErr = 0, failed = 0, priced = 0, determined = 0
  for (let i = 0; i < n; i++) {
    if (status[i] !== 0) { failed++; continue }
    const p = input.price[i]!
    // Prices below the smallest normal double (short-dated, far out of the money) keep only a few bits.
    if (!(p >= 2.2250738585072014e-308 * input.underlying[i]!)) continue
    priced++
    const S = input.underlying[i]!, K = input.strike[i]!, T = input.tYears[i]!, r = input.rate[i]!, q = input.div[i]!
    const again = normalisedModelPrice(model, input.isCall[i] === 1, S, K, T, out[i]!, r, q)
    maxPriceErr = Math.max(maxPriceErr, Math.abs(again - p) / p)
    // The vol is only asked for where the price determines it: price / (sigma vega) * eps <= 1e-13.
    const carry = model === 'black76' ? 0 : (r - q) * T, F = S * Math.exp(carry), s = sigma[i]! * Math.sqrt(T)
    const vegaS = Math.exp(-r * T) * Math.sqrt(F * K) * normalisedVega(Math.log(S / K) + carry, s) * s / (model === 'inverse' ? S : 1)
    if ((p / vegaS) * Number.EPSILON > 1e-13) continue
    determined++
    maxVolErr = Math.max(maxVolErr, Math.abs(out[i]! - sigma[i]!) / sigma[i]!)
  }
  const rate = (n / ms) * 1000
  report(`impliedVolBatch ${model}: solves per second (median of 7)`, perSecond(n, ms), { ok: rate >= 2e6, text: '>= 2M/s' })
  report(`impliedVolBatch ${model}: cost in bare exp+log loops`, `${(ms / baseMs).toFixed(1)}x (${((ms / n) * 1e6).toFixed(0)} ns per solve)`)
  report(`impliedVolBatch ${model}: max relative price error (${priced} rows)`, maxPriceErr.toExponential(2),
    { ok: maxPriceErr <= 1e-12, text: '<= 1e-12' })
  report(`impliedVolBatch ${model}: max relative vol error (${determined} rows)`, maxVolErr.toExponential(2),
    { ok: maxVolErr <= 1e-12, text: '<= 1e-12' })
  report(`impliedVolBatch ${model}: rows not solved`, String(failed), { ok: failed === 0, text: '0' })
}
