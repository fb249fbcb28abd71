/** Our batch pricing and implied vol against the npm packages `black-scholes`, `greeks` and `implied-volatility`
 * on the same inputs in the same run. Speed: medians, as ratios. Accuracy: against a slow, independent reference
 * (a normal CDF from its Taylor series and the Mills-ratio continued fraction, not our erfc), as ratios of errors. */
import { createRequire } from 'node:module'
import { optionGreeksBatch, type BatchInput } from '../../../../engine/domain/pricing/batch.ts'
import { impliedVolBatch } from '../../../../engine/domain/pricing/impliedVol.ts'
import { medianMs, perSecond, report } from '../../../support/bench.ts'

const require = createRequire(import.meta.url)
type Fn = (s: number, k: number, t: number, v: number, r: number, cp: string) => number
const bs = require('black-scholes') as { blackScholes: Fn }
const greeks = require('greeks') as Record<'getDelta' | 'getGamma' | 'getVega' | 'getTheta' | 'getRho', Fn>
const npmIv = require('implied-volatility') as {
  getImpliedVolatility(p: number, s: number, k: number, t: number, r: number, cp: string): number
}

/** Reference N(x): Taylor series of the CDF for |x| < 1.5 (no cancellation there), the Mills-ratio continued
 * fraction (Lentz) beyond, where the tail is computed directly rather than as 0.5 minus a near-0.5 sum. */
function refNormCdf(x: number): number {
  if (Math.abs(x) < 1.5) {
    let term = x
    let sum = x
    for (let i = 1; i < 400 && Math.abs(term) > 1e-18 * Math.abs(sum); i++) {
      term *= (x * x) / (2 * i + 1)
      sum += term
    }
    return 0.5 + (sum * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI)
  }
  const z = Math.abs(x)
  // Mills ratio R(z) = 1/(z+1/(z+2/(z+3/(z+...)))) by the modified Lentz method
  let f = z
  let c = z
  let d = 0
  for (let i = 1; i < 20000; i++) {
    d = 1 / (z + i * d)
    c = z + i / c
    const delta = c * d
    f *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  const tail = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) / f
  return x < 0 ? tail : 1 - tail
}

function refPrice(call: boolean, s: number, k: number, t: number, v: number, r: number): number {
  const sd = v * Math.sqrt(t)
  if (sd === 0) return Math.max(call ? s - k * Math.exp(-r * t) : k * Math.exp(-r * t) - s, 0) // zero vol: intrinsic
  const d1 = (Math.log(s / k) + r * t) / sd + 0.5 * sd
  const df = Math.exp(-r * t)
  return call ? s * refNormCdf(d1) - k * df * refNormCdf(d1 - sd) : k * df * refNormCdf(sd - d1) - s * refNormCdf(-d1)
}

// Seeded inputs (a small LCG: the bench sees the same inputs on every machine)
let seed = 12345
const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32
const n = 200_000
const input: BatchInput = {
  length: n, isCall: new Uint8Array(n), underlying: new Float64Array(n), strike: new Float64Array(n),
  tYears: new Float64Array(n), sigma: new Float64Array(n), rate: new Float64Array(n), div: new Float64Array(n),
}
for (let i = 0; i < n; i++) {
  input.isCall[i] = rnd() < 0.5 ? 1 : 0
  input.underlying[i] = 100
  input.strike[i] = 100 * Math.exp((rnd() - 0.5) * 0.8) // moneyness about 0.67..1.5
  input.tYears[i] = 1 / 365 + rnd() * 2
  input.sigma[i] = 0.1 + rnd() * 0.9
  input.rate[i] = rnd() * 0.05
}
const at = (a: Float64Array, i: number) => a[i] as number
const cp = (i: number) => (input.isCall[i] ? 'call' : 'put')

// --- speed: price + first-order Greeks
const out = {
  price: new Float64Array(n), delta: new Float64Array(n), gamma: new Float64Array(n), vega: new Float64Array(n),
  theta: new Float64Array(n), rho: new Float64Array(n),
}
const oursMs = medianMs(() => optionGreeksBatch('bsm', input, out), 9)
let sink = 0
const m = 20_000 // the npm packages are slow: time them on a slice
const theirsMs = medianMs(() => {
  for (let i = 0; i < m; i++) {
    const s = at(input.underlying, i), k = at(input.strike, i), t = at(input.tYears, i)
    const v = at(input.sigma, i), r = at(input.rate, i), c = cp(i)
    sink += bs.blackScholes(s, k, t, v, r, c) + greeks.getDelta(s, k, t, v, r, c) + greeks.getGamma(s, k, t, v, r, c)
      + greeks.getVega(s, k, t, v, r, c) + greeks.getTheta(s, k, t, v, r, c) + greeks.getRho(s, k, t, v, r, c)
  }
}, 5)
const oursRate = (n / oursMs) * 1000
const theirsRate = (m / theirsMs) * 1000
report('price + delta, gamma, vega, theta, rho: optvault batch', perSecond(n, oursMs), { ok: oursRate >= 10e6, text: '>= 10M/s' })
report('price + delta, gamma, vega, theta, rho: black-scholes+greeks', perSecond(m, theirsMs))
report('speed ratio optvault / npm (pricing)', `${(oursRate / theirsRate).toFixed(1)}x`)

// --- accuracy of prices against the reference
let oursErr = 0
let theirsErr = 0
for (let i = 0; i < 5000; i++) {
  const s = at(input.underlying, i), k = at(input.strike, i), t = at(input.tYears, i)
  const v = at(input.sigma, i), r = at(input.rate, i)
  const ref = refPrice(input.isCall[i] === 1, s, k, t, v, r)
  if (ref < 1e-8 * s) continue
  oursErr = Math.max(oursErr, Math.abs(at(out.price, i) - ref) / ref)
  theirsErr = Math.max(theirsErr, Math.abs(bs.blackScholes(s, k, t, v, r, cp(i)) - ref) / ref)
}
report('max relative price error vs reference: optvault', oursErr.toExponential(2))
report('max relative price error vs reference: black-scholes', theirsErr.toExponential(2))
report('accuracy ratio (npm error / optvault error)', `${(theirsErr / Math.max(oursErr, 1e-17)).toExponential(2)}x`)

// --- implied vol: speed and accuracy on the prices just computed
const ivIn = {
  length: n, isCall: input.isCall, underlying: input.underlying, strike: input.strike, tYears: input.tYears,
  price: out.price, rate: input.rate, div: input.div,
}
const iv = new Float64Array(n)
const status = new Uint8Array(n)
const oursIvMs = medianMs(() => impliedVolBatch('bsm', ivIn, iv, status), 9)
const mi = 2_000
const npmIvOut = new Float64Array(mi)
const theirsIvMs = medianMs(() => {
  for (let i = 0; i < mi; i++) {
    npmIvOut[i] = npmIv.getImpliedVolatility(at(out.price, i), at(input.underlying, i), at(input.strike, i),
      at(input.tYears, i), at(input.rate, i), cp(i))
  }
}, 3, 1)
let oursIvErr = 0
let unsolved = 0
let theirsIvErr = 0
for (let i = 0; i < mi; i++) {
  const s = at(input.underlying, i), k = at(input.strike, i), t = at(input.tYears, i), r = at(input.rate, i)
  const p = at(out.price, i)
  const call = input.isCall[i] === 1
  if (p < 1e-8 * s) continue
  if (status[i] !== 0) { unsolved++; continue }
  oursIvErr = Math.max(oursIvErr, Math.abs(refPrice(call, s, k, t, at(iv, i), r) - p) / p)
  theirsIvErr = Math.max(theirsIvErr, Math.abs(refPrice(call, s, k, t, at(npmIvOut, i), r) - p) / p)
}
const ivRate = (n / oursIvMs) * 1000
report('implied vol solves: optvault', perSecond(n, oursIvMs), { ok: ivRate >= 2e6 && oursIvErr <= 1e-12, text: '>= 2M/s at 1e-12' })
report('implied vol solves: implied-volatility', perSecond(mi, theirsIvMs))
report('speed ratio optvault / npm (iv)', `${(ivRate / ((mi / theirsIvMs) * 1000)).toFixed(0)}x`)
report('max relative repricing error: optvault', oursIvErr.toExponential(2))
report('prices above 1e-8 S that optvault reported as out of bounds', String(unsolved))
report('max relative repricing error: implied-volatility', theirsIvErr.toExponential(2))
if (sink === 42) console.log('')
