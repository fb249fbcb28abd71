import { annualizedVol } from './annualizedVol.ts'
import { barsPerYear, spanYears } from './barsPerYear.ts'
import { buyAndHoldNav } from './buyAndHoldNav.ts'
import { cagr } from './cagr.ts'
import { calmarRatio } from './calmarRatio.ts'
import { checkEquityCurve } from './checkEquityCurve.ts'
import { logReturnStats } from './logReturnStats.ts'
import { maxDrawdown } from './maxDrawdown.ts'
import { sharpeRatio } from './sharpeRatio.ts'
import { sortinoRatio } from './sortinoRatio.ts'

/** Per-bar NAV in quote currency at bar times in ms UTC (any bar size, strictly increasing). */
export type EquityCurve = Readonly<{ tMs: Float64Array; nav: Float64Array }>

export interface SummaryOptions {
  /** Continuously compounded annual risk-free rate as a fraction, for Sharpe and Sortino. Default 0. */
  readonly riskFreeRate?: number
}

/** Every headline metric of one equity curve. Keys are stable (reports and sweeps read them by name).
 * Fractions are fractions (0.1 = 10%), times are ms UTC. Ratios follow safeRatio: +-Infinity when a gain or loss
 * comes with zero risk, null when undefined (one bar, 0 / 0). Annualisation uses a 365-day year and the bar rate
 * inferred from the timestamps. */
export interface PerformanceSummary {
  startMs: number
  endMs: number
  bars: number
  years: number
  barsPerYear: number | null
  startNav: number
  endNav: number
  totalReturn: number
  cagr: number | null
  annualizedVol: number | null
  sharpe: number | null
  sortino: number | null
  maxDrawdown: number
  maxDrawdownPeakMs: number | null
  maxDrawdownTroughMs: number | null
  maxDrawdownRecoveryMs: number | null
  calmar: number | null
}

/** All headline metrics of an equity curve; checks it first (MetricsInputError on a bad bar).
 * @example summarize({ tMs, nav }, { riskFreeRate: 0.04 }).sharpe */
export function summarize(curve: EquityCurve, o: SummaryOptions = {}): PerformanceSummary {
  const { tMs, nav } = curve
  checkEquityCurve(tMs, nav)
  const rf = o.riskFreeRate ?? 0
  const n = nav.length
  const startNav = nav[0] as number
  const endNav = nav[n - 1] as number
  const years = spanYears(tMs)
  const bpy = barsPerYear(tMs)
  const stats = logReturnStats(nav, bpy === null ? 0 : rf / bpy)
  const totalReturn = endNav / startNav - 1
  const growth = cagr(totalReturn, years)
  const dd = maxDrawdown(tMs, nav)
  return {
    startMs: tMs[0] as number,
    endMs: tMs[n - 1] as number,
    bars: n,
    years,
    barsPerYear: bpy,
    startNav,
    endNav,
    totalReturn,
    cagr: growth,
    annualizedVol: annualizedVol(stats, bpy),
    sharpe: sharpeRatio(stats, bpy, rf),
    sortino: sortinoRatio(stats, bpy, rf),
    maxDrawdown: dd.maxDrawdown,
    maxDrawdownPeakMs: dd.peakMs,
    maxDrawdownTroughMs: dd.troughMs,
    maxDrawdownRecoveryMs: dd.recoveryMs,
    calmar: calmarRatio(growth, dd.maxDrawdown),
  }
}

/** The strategy's summary next to buy-and-hold of the underlying with the same starting NAV. The buy-and-hold NAV
 * is built in `benchOut` when given (as long as spot; a sweep passes a reused column).
 * @example const { strategy, buyAndHold } = summarizeVsBuyAndHold({ tMs, nav, spot }) */
export function summarizeVsBuyAndHold(input: Readonly<{ tMs: Float64Array; nav: Float64Array; spot: Float64Array }>,
  o: SummaryOptions = {}, benchOut?: Float64Array): { strategy: PerformanceSummary; buyAndHold: PerformanceSummary } {
  const strategy = summarize(input, o)
  const bench = buyAndHoldNav(input.spot, strategy.startNav, benchOut)
  return { strategy, buyAndHold: summarize({ tMs: input.tMs, nav: bench }, o) }
}
