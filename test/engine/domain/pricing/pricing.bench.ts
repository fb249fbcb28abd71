/** Speed of the pricing core: options per second for the value + delta, gamma, vega, theta, rho through
 * `optionGreeksBatch` (target >= 10M/s on one core), against a bare typed-array loop doing the textbook formula
 * (Math.exp/log and the Abramowitz-Stegun 26.2.17 normal CDF: 7e-8 accurate, no tails, no limits, no validation)
 * on the same rows in the same process. Medians over several runs, of wall time and of this process's CPU time:
 * on a shared machine the CPU figure is the steadier one, so the target verdict uses it (on an idle machine the
 * two agree). Run: npx tsx test/engine/domain/pricing/pricing.bench.ts */
import { performance } from 'node:perf_hooks'
import { optionGreeksBatch, type BatchInput } from '../../../../engine/domain/pricing/batch.ts'
import { optionGreeksInto } from '../../../../engine/domain/pricing/optionGreeks.ts'
import { GREEK_COUNT, type PricingModel } from '../../../../engine/domain/pricing/types.ts'
import { report } from '../../../support/bench.ts'

/** Median wall and CPU milliseconds of `runs` calls after `warmup` unmeasured ones. */
function medians(fn: () => void, runs = 9, warmup = 2): { wallMs: number; cpuMs: number } {
  for (let i = 0; i < warmup; i++) fn()
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    fn()
    wall.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
  }
  const mid = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)] as number
  return { wallMs: mid(wall), cpuMs: mid(cpu) }
}
const rate = (n: number, ms: number) => (n / ms) * 1000
const fmt = (r: number) => `${(r / 1e6).toFixed(2)}M/s`

// Seeded inputs (an LCG), so every machine prices the same options: random call/put, moneyness 0.55..1.8,
// 1 day..1 year, vol 20%..120%, rate 0..6%, yield 0..2%: branches are as unpredictable as they get.
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
  input.strike[i] = 3000 * Math.exp((rnd() - 0.5) * 1.2)
  input.tYears[i] = 1 / 365 + rnd()
  input.sigma[i] = 0.2 + rnd() * 1.0
  input.rate[i] = rnd() * 0.06
  input.div[i] = rnd() * 0.02
}
const col = () => new Float64Array(n)
const six = { price: col(), delta: col(), gamma: col(), vega: col(), theta: col(), rho: col() }
const all = { ...six, divRho: col(), vanna: col(), volga: col(), charm: col(), speed: col() }

function line(name: string, m: { wallMs: number; cpuMs: number }, target?: number): void {
  const cpuRate = rate(n, m.cpuMs)
  report(name, `${fmt(rate(n, m.wallMs))} wall, ${fmt(cpuRate)} cpu`,
    target === undefined ? undefined : { ok: cpuRate >= target, text: `>= ${target / 1e6}M/s cpu` })
}

for (const model of ['bsm', 'black76', 'inverse'] as PricingModel[]) {
  line(`${model}: price + delta, gamma, vega, theta, rho (batch)`, medians(() => optionGreeksBatch(model, input, six)), 10e6)
}
line('bsm: all 11 columns (batch)', medians(() => optionGreeksBatch('bsm', input, all)))

const g = new Float64Array(GREEK_COUNT)
let sink = 0
line('bsm: optionGreeksInto per option (scalar twin, validated)', medians(() => {
  for (let i = 0; i < n; i++) {
    optionGreeksInto(g, 'bsm', input.isCall[i] === 1, input.underlying[i] as number, input.strike[i] as number,
      input.tYears[i] as number, input.sigma[i] as number, input.rate[i] as number, input.div[i] as number)
    sink += g[0] as number
  }
}))

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
    gamma[i] = (eq * pd) / (S * s)
    vega[i] = S * eq * pd * sq
    theta[i] = (-S * eq * pd * v) / (2 * sq) + w * (q * S * eq * n1 - r * K * df * n2)
    rho[i] = w * t * K * df * n2
  }
}
line('baseline: textbook formula, bare typed-array loop', medians(bare))

// Ratio measured in alternating rounds, so both sides see the same machine load.
const ratios: number[] = []
for (let k = 0; k < 9; k++) {
  const b = medians(bare, 1, 0).cpuMs
  const o = medians(() => optionGreeksBatch('bsm', input, six), 1, 0).cpuMs
  ratios.push(o / b)
}
ratios.sort((a, b) => a - b)
report('batch CPU time / bare loop CPU time (bsm, 6 columns)', `${(ratios[4] as number).toFixed(2)}x`)
if (sink === 42) console.log('')
