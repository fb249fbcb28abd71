import { ATTRIBUTION_PARTS } from '../attribution/attributionRow.ts'
import { drawdownInto } from '../metrics/drawdownInto.ts'
import { downsampleIndices } from './downsampleIndices.ts'
import type { ReportInput } from './reportInput.ts'
import { robustRange } from './robustRange.ts'

/** A fixed y-range for a chart whose outliers would flatten the rest, and the sentence that says so on the chart. */
export interface ChartYRange {
  min: number; max: number; note: string
  /** Set when values above it were drawn at it (margin health): the legend shows them as '≥ clippedAt'. */
  clippedAt?: number
}

/** One time chart as uPlot takes it: x in seconds since the epoch (uPlot's time unit), one y array per series,
 * null for a gap; `y` when the axis must not simply span the data. */
export interface TimeChartData { x: number[]; ys: (number | null)[][]; y?: ChartYRange }

/** Most the margin-health axis ever spans. Health is equity / maintenance margin, so it runs to 10^7 when the book
 * holds almost no margin-using position, and one such bar would squash the part that matters, near 1. Above the axis
 * top, health is drawn at it; equity.csv keeps the raw values. */
export const HEALTH_CLIP = 20

/** Candidate tops of the health axis: the smallest one above 1.2 x the 99th percentile of health is used, so a
 * leveraged book living at 1.5..3 is not squeezed into the bottom of a 0..20 chart. */
const HEALTH_TOPS = [2, 3, 5, 10, 15, HEALTH_CLIP] as const

/** What the report's script draws, embedded in the HTML as JSON. */
export interface ChartData {
  nav: TimeChartData
  pps: TimeChartData
  spot: TimeChartData
  drawdown: TimeChartData
  delta: TimeChartData
  gamma: TimeChartData
  vega: TimeChartData
  theta: TimeChartData
  health: TimeChartData
  /** Attribution per epoch: x is the epoch number, one array per part (ATTRIBUTION_PARTS order), then totals. */
  attribution: { x: number[]; parts: number[][]; total: number[] }
  /** Names of the attribution parts, in the order of `attribution.parts`. */
  parts: string[]
}

/** 6 significant digits is finer than a pixel on any chart and keeps the file small; non-finite values are gaps. */
const round = (v: number): number | null => (Number.isFinite(v) ? Number(v.toPrecision(6)) : null)

/** Top of the health axis: the first of HEALTH_TOPS above 1.2 x the 99th percentile of the finite bars (a strided
 * sample of at most 50,000), HEALTH_CLIP when they are all below. 2 when no bar uses margin.
 * @example healthTop(Float64Array.of(12, 13, 4e7)) // 20 */
export function healthTop(health: Float64Array): number {
  const n = health.length
  const step = Math.max(1, Math.ceil(n / 50_000))
  const buf = new Float64Array(Math.ceil(n / step))
  let m = 0
  for (let i = 0; i < n; i += step) { const v = health[i] as number; if (Number.isFinite(v)) buf[m++] = v }
  if (m === 0) return HEALTH_TOPS[0]
  const sorted = buf.subarray(0, m).sort()
  const p99 = sorted[Math.round(0.99 * (m - 1))] as number
  return HEALTH_TOPS.find((t) => t >= 1.2 * p99) ?? HEALTH_CLIP
}

/** Health drawn on 0..healthTop, values above it drawn at it (the note counts them). Infinite health (no margin
 * used) stays a gap. */
function healthChart(health: Float64Array, chart: (at: (i: number) => number) => TimeChartData): TimeChartData {
  const top = healthTop(health)
  const c = chart((i) => {
    const v = health[i] as number
    return v === Infinity ? NaN : Math.min(v, top)
  })
  let above = 0
  for (let i = 0; i < health.length; i++) { const v = health[i] as number; if (v > top && v < Infinity) above++ }
  if (above === 0) return { ...c, y: { min: 0, max: top, note: '' } }
  const bars = `${above.toLocaleString('en-US')} bar${above === 1 ? '' : 's'}`
  return { ...c, y: { min: 0, max: top, clippedAt: top, note: `Clipped at ${top}: ${bars} above it (equity.csv keeps the raw values).` } }
}

/** 1 -> '1st', 99 -> '99th', 2 -> '2nd', 13 -> '13th'. */
function ordinal(k: number): string {
  const tens = k % 100
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][k % 10] ?? 'th')
  return `${k}${suffix}`
}

/** Downsamples every chart's series from the per-bar columns (min/max per bucket, see downsampleIndices) and
 * converts the Greeks to display units: cash gamma per 1% move, vega per vol point, theta per day. A Greek whose
 * spikes would flatten the rest gets a 1st..99th percentile y-range (robustRange); health is drawn on 0..healthTop (at most HEALTH_CLIP).
 * @example chartData(input).nav.x.length // <= input.maxChartPoints ?? 5000 */
export function chartData(input: ReportInput): ChartData {
  const b = input.bars
  const n = b.tMs.length
  const max = input.maxChartPoints ?? 5000
  const chart = (shown: readonly Float64Array[], ys: readonly ((i: number) => number)[]): TimeChartData => {
    const idx = downsampleIndices(n, shown, max)
    const x = Array.from(idx, (i) => (b.tMs[i] as number) / 1000)
    return { x, ys: ys.map((f) => Array.from(idx, (i) => round(f(i)))) }
  }
  const col = (a: Float64Array, scale = 1) => (i: number) => (a[i] as number) * scale
  // A Greek's chart with its axis narrowed to the 1st..99th percentile of the bars when spikes would flatten it.
  const greek = (a: Float64Array, at: (i: number) => number): TimeChartData => {
    const c = chart([a], [at])
    const r = robustRange(n, at)
    if (r === null) return c
    const pct = r.outsideFraction * 100
    const outside = pct === 0 ? 'spikes run off the chart' : `${pct < 0.1 ? '< 0.1' : pct.toFixed(1)}% of bars run off the chart`
    return { ...c, y: { min: r.min, max: r.max, note: `Y-axis: ${ordinal(r.loPct)}–${ordinal(r.hiPct)} percentile of bars; ${outside} (hover for values).` } }
  }
  const cashGamma = (i: number) => 0.5 * (b.gamma[i] as number) * (b.spot[i] as number) ** 2 * 1e-4

  const ddNav = drawdownInto(new Float64Array(n), b.nav)
  const ddHold = drawdownInto(new Float64Array(n), b.navBuyAndHold)
  // buy-and-hold on the price-per-share scale: what one share would be worth had the vault just held the underlying
  const holdPerShare = (b.pps[0] as number) / (b.navBuyAndHold[0] as number)

  // Strike in force at each bar: the last epoch started at or before the bar, if the bar is not past its end. The
  // pointer only moves forward: chart indices and epochs are both in time order.
  const epochs = [...input.epochs].sort((p, q) => p.startMs - q.startMs)
  let e = 0
  const strikeAt = (i: number) => {
    const t = b.tMs[i] as number
    while (e < epochs.length - 1 && t >= (epochs[e + 1] as (typeof epochs)[number]).startMs) e++
    const ep = epochs[e]
    return ep !== undefined && t >= ep.startMs && t <= ep.endMs ? ep.strike : NaN
  }

  return {
    nav: chart([b.nav, b.navBuyAndHold], [col(b.nav), col(b.navBuyAndHold)]),
    pps: chart([b.pps, b.navBuyAndHold], [col(b.pps), col(b.navBuyAndHold, holdPerShare)]),
    spot: chart([b.spot], [col(b.spot), strikeAt]),
    drawdown: chart([ddNav, ddHold], [col(ddNav, 100), col(ddHold, 100)]),
    delta: greek(b.delta, col(b.delta)),
    gamma: greek(b.gamma, cashGamma),
    vega: greek(b.vega, col(b.vega, 1 / 100)),
    theta: greek(b.theta, col(b.theta, 1 / 365)),
    health: healthChart(b.health, (at) => chart([b.health], [at])),
    attribution: {
      x: input.attribution.map((r) => r.epoch),
      parts: ATTRIBUTION_PARTS.map((k) => input.attribution.map((r) => round(r[k]) ?? 0)),
      total: input.attribution.map((r) => round(r.total) ?? 0),
    },
    parts: [...ATTRIBUTION_PARTS],
  }
}
