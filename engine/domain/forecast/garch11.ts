import { nelderMead } from './nelderMead.ts'

/** GARCH(1,1) (Bollerslev 1986) on zero-mean returns r (log returns per period, fractions):
 *   s2[t] = omega + alpha * r[t-1]^2 + beta * s2[t-1],   omega > 0, alpha, beta >= 0, alpha + beta < 1,
 * long-run variance VL = omega / (1 - alpha - beta). Fitted by Gaussian maximum likelihood over the returns
 * given, and nothing else: to forecast from time t, pass `returns.subarray(0, t)`, so no future return leaks in. */
export interface Garch11Fit {
  readonly omega: number
  readonly alpha: number
  readonly beta: number
  /** Variance per period of the return after the last one given: the one-step forecast. */
  readonly nextVariance: number
  /** Mean negative log-likelihood per return (without the constant log(2 pi) / 2). */
  readonly nllPerReturn: number
}

// Unconstrained coordinates keep the optimiser inside the admissible region: omega = exp(a),
// alpha = e^u / (1 + e^u + e^v), beta = e^v / (1 + e^u + e^v), so alpha, beta > 0 and alpha + beta < 1.
function unpack(x: Float64Array | readonly number[]): { omega: number; alpha: number; beta: number } {
  const eu = Math.exp(x[1] as number)
  const ev = Math.exp(x[2] as number)
  const d = 1 + eu + ev
  return { omega: Math.exp(x[0] as number), alpha: eu / d, beta: ev / d }
}

function pack(omega: number, alpha: number, beta: number): number[] {
  const rest = 1 - alpha - beta
  return [Math.log(omega), Math.log(alpha / rest), Math.log(beta / rest)]
}

/** Runs the variance recursion; returns the mean negative log-likelihood and the next-period variance.
 * The recursion starts at the sample variance, the usual choice when no pre-sample variance is known. */
function filter(returns: Float64Array, omega: number, alpha: number, beta: number, sampleVar: number): { nll: number; next: number } {
  let s2 = sampleVar
  let nll = 0
  for (let t = 0; t < returns.length; t++) {
    const r2 = (returns[t] as number) ** 2
    nll += 0.5 * (Math.log(s2) + r2 / s2)
    s2 = omega + alpha * r2 + beta * s2
  }
  return { nll: nll / returns.length, next: s2 }
}

/** Fits GARCH(1,1) by maximum likelihood (Nelder-Mead on transformed parameters).
 * Needs at least 50 returns: fewer do not pin down three parameters.
 * @example const fit = fitGarch11(dailyLogReturns.subarray(0, t)) // { omega: 2e-6, alpha: 0.08, beta: 0.9, … } */
export function fitGarch11(returns: Float64Array): Garch11Fit {
  if (returns.length < 50) throw new RangeError(`GARCH(1,1) needs at least 50 returns, got ${returns.length}`)
  let sampleVar = 0
  for (let t = 0; t < returns.length; t++) sampleVar += (returns[t] as number) ** 2
  sampleVar /= returns.length
  if (!(sampleVar > 0)) throw new RangeError('GARCH(1,1) needs returns that are not all zero')
  const objective = (x: Float64Array): number => {
    const p = unpack(x)
    const v = filter(returns, p.omega, p.alpha, p.beta, sampleVar).nll
    return Number.isFinite(v) ? v : Number.MAX_VALUE
  }
  // Start from a typical daily-data answer with the sample's own long-run variance, then restart once from the
  // optimum: Nelder-Mead can stall on a flat ridge, and a fresh simplex moves it off.
  let best = nelderMead(objective, pack(sampleVar * 0.1, 0.08, 0.82), { tol: 1e-12, maxIter: 4000 })
  best = nelderMead(objective, best.x, { step: 0.2, tol: 1e-12, maxIter: 4000 })
  const p = unpack(best.x)
  const { nll, next } = filter(returns, p.omega, p.alpha, p.beta, sampleVar)
  return { ...p, nextVariance: next, nllPerReturn: nll }
}

/** Variance forecasts for steps 1..h after the last return: VL + (alpha + beta)^(k-1) * (nextVariance - VL).
 * @example garch11Forecast(fit, 7) // Float64Array of 7 per-period variances, tending to VL */
export function garch11Forecast(fit: Garch11Fit, h: number): Float64Array {
  const persistence = fit.alpha + fit.beta
  const vl = fit.omega / (1 - persistence)
  const out = new Float64Array(h)
  let decay = 1
  for (let k = 0; k < h; k++) {
    out[k] = vl + decay * (fit.nextVariance - vl)
    decay *= persistence
  }
  return out
}

/** Annualised vol (fraction) over the next h periods: sqrt(mean forecast variance * periodsPerYear).
 * @example garch11TermVol(fit, 30, 365) // 0.58 */
export function garch11TermVol(fit: Garch11Fit, h: number, periodsPerYear: number): number {
  const v = garch11Forecast(fit, h)
  let sum = 0
  for (let k = 0; k < h; k++) sum += v[k] as number
  return Math.sqrt((sum / h) * periodsPerYear)
}
