import { attributePnl } from '../attribution/attributePnl.ts'
import { buyAndHoldNav } from '../metrics/buyAndHoldNav.ts'
import { summarizeVsBuyAndHold } from '../metrics/summarize.ts'
import { bsmInto } from '../../engine/domain/pricing/bsm.ts'
import { GREEK_COUNT, GREEK_SLOT } from '../../engine/domain/pricing/types.ts'
import { MS_PER_DAY, MS_PER_YEAR } from '../../engine/domain/units.ts'
import { NormalSampler } from '../../data/random/normalSampler.ts'
import { Xoshiro128 } from '../../data/random/xoshiro128.ts'
import type { ReportEpoch, ReportInput } from './reportInput.ts'

export interface SampleReportOptions {
  /** Number of bars. Default 24 * 7 * 26: half a year of hourly bars. */
  readonly bars?: number
  /** Bar size in ms. Default one hour. */
  readonly barMs?: number
  /** Epoch length in days. Default 7 (weekly, like Deribit Friday expiries). */
  readonly epochDays?: number
  readonly seed?: number
  readonly title?: string
}

/** A synthetic but internally consistent ReportInput, for tests and demos before the backtester exists: a weekly
 * covered-call vault on a GBM underlying with a mean-reverting implied vol. Each epoch the vault holds `units` of
 * the underlying and sells as many calls 10% out of the money, priced with BSM at the implied vol; a fee of 3 bps of
 * notional is paid the bar after the sale; at expiry the calls settle in cash at spot. Greeks are BSM's, weighted by
 * the position; the metrics and attribution come from backtest/metrics and backtest/attribution. Deterministic per
 * seed. Not a backtest: no margin model (health is a simple equity / (10% of call notional) ratio).
 * @example renderReport(sampleReportInput({ bars: 2000, seed: 1 })) */
export function sampleReportInput(o: SampleReportOptions = {}): ReportInput {
  const n = o.bars ?? 24 * 7 * 26
  const barMs = o.barMs ?? 3_600_000
  const epochBars = Math.max(2, Math.round(((o.epochDays ?? 7) * MS_PER_DAY) / barMs))
  const z = new NormalSampler(new Xoshiro128(o.seed ?? 1))
  const dt = barMs / MS_PER_YEAR
  const startMs = Date.UTC(2024, 0, 5, 8)
  const startNav = 1_000_000
  const shares = 10_000
  const c = () => new Float64Array(n)
  const tMs = c(), spot = c(), iv = c(), nav = c(), pps = c(), delta = c(), gamma = c(), vega = c(), theta = c()
  const vanna = c(), volga = c(), health = c(), pnl = c(), fees = c(), epoch = c()
  const g = new Float64Array(GREEK_COUNT)
  const epochs: ReportEpoch[] = []

  tMs[0] = startMs; spot[0] = 42_000; iv[0] = 0.55
  for (let i = 1; i < n; i++) {
    tMs[i] = startMs + i * barMs
    const s = iv[i - 1] as number
    spot[i] = (spot[i - 1] as number) * Math.exp(-0.5 * s * s * dt + s * Math.sqrt(dt) * z.next())
    // implied vol: log-OU around 55% with a 30-day half-life and 80% vol of vol, realised = implied
    const x = Math.log(s) + (Math.LN2 / (30 / 365)) * (Math.log(0.55) - Math.log(s)) * dt + 0.8 * Math.sqrt(dt) * z.next()
    iv[i] = Math.exp(x)
  }

  const units = startNav / (spot[0] as number)
  let cash = 0
  let strike = NaN, expiryMs = 0, epochNo = 0, epochStart = 0, premium = 0, feesPaid = 0, pendingFee = 0, prevNav = startNav
  let navStart = startNav
  for (let i = 0; i < n; i++) {
    const t = tMs[i] as number
    const S = spot[i] as number
    const settling = epochNo > 0 && (i - epochStart === epochBars || i === n - 1)
    let optionValue = 0
    if (settling) {
      const payoff = units * Math.max(S - strike, 0)
      cash -= payoff
      // fees of this epoch: the opening fee, paid the bar after the sale (counted in `feesPaid`)
      const navEnd = units * S + cash
      epochs.push({
        epoch: epochNo, startMs: tMs[epochStart] as number, endMs: t, type: 'covered call', strike, expiryMs,
        contracts: -units, premium, settlementPrice: S, optionPnl: premium - payoff,
        hedgePnl: units * (S - (spot[epochStart] as number)), fees: -feesPaid, pnl: navEnd - navStart,
        navStart, navEnd, ppsEnd: navEnd / shares,
      })
    }
    epoch[i] = Math.max(epochNo, 1)
    fees[i] = pendingFee === 0 ? 0 : -pendingFee
    cash -= pendingFee
    feesPaid += pendingFee
    pendingFee = 0
    if ((epochNo === 0 || settling) && i < n - 1) {
      // open the next epoch at this bar, at model value (so NAV does not jump); the fee lands on the next bar
      epochNo++
      epochStart = i
      expiryMs = t + epochBars * barMs
      strike = Math.round((S * 1.1) / 500) * 500
      bsmInto(g, true, S, strike, (expiryMs - t) / MS_PER_YEAR, iv[i] as number, 0, 0)
      premium = units * (g[GREEK_SLOT.price] as number)
      cash += premium
      pendingFee = units * S * 3e-4
      feesPaid = 0
      navStart = units * S + cash - premium
    }
    const open = epochNo > 0 && i < n - 1 && i - epochStart < epochBars
    if (open) {
      bsmInto(g, true, S, strike, (expiryMs - t) / MS_PER_YEAR, iv[i] as number, 0, 0)
      optionValue = units * (g[GREEK_SLOT.price] as number)
    }
    const w = open ? -units : 0
    nav[i] = units * S + cash - optionValue
    pps[i] = (nav[i] as number) / shares
    delta[i] = units + w * (open ? (g[GREEK_SLOT.delta] as number) : 0)
    gamma[i] = open ? w * (g[GREEK_SLOT.gamma] as number) : 0
    vega[i] = open ? w * (g[GREEK_SLOT.vega] as number) : 0
    theta[i] = open ? w * (g[GREEK_SLOT.theta] as number) : 0
    vanna[i] = open ? w * (g[GREEK_SLOT.vanna] as number) : 0
    volga[i] = open ? w * (g[GREEK_SLOT.volga] as number) : 0
    health[i] = open ? (nav[i] as number) / (0.1 * units * S) : NaN
    pnl[i] = i === 0 ? 0 : (nav[i] as number) - prevNav
    prevNav = nav[i] as number
  }

  const navBuyAndHold = buyAndHoldNav(spot, nav[0] as number)
  const attribution = attributePnl({ tMs, spot, sigma: iv, delta, gamma, vega, theta, vanna, volga, pnl, costs: { fees }, epoch })
  return {
    title: o.title ?? 'Weekly covered call, synthetic BTC (sample)',
    quote: 'USD',
    generatedAtMs: startMs + n * barMs,
    config: {
      strategy: 'covered-call (sample)', underlying: 'BTC (GBM, seed ' + String(o.seed ?? 1) + ')', 'bar size': `${barMs / 60_000} min`,
      'epoch length': `${epochBars} bars`, 'strike rule': 'spot + 10%, rounded to 500', 'fee': '3 bps of notional',
      'starting NAV': startNav, shares,
    },
    bars: { tMs, spot, nav, pps, navBuyAndHold, delta, gamma, vega, theta, health },
    epochs,
    attribution,
    summary: summarizeVsBuyAndHold({ tMs, nav, spot }),
  }
}
