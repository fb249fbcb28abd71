import { ATTRIBUTION_PARTS } from '../attribution/attributionRow.ts'
import { drawdownInto } from '../metrics/drawdownInto.ts'
import { downsampleIndices } from './downsampleIndices.ts'
import type { ReportInput } from './reportInput.ts'

/** One time chart as uPlot takes it: x in seconds since the epoch (uPlot's time unit), one y array per series,
 * null for a gap. */
export interface TimeChartData { x: number[]; ys: (number | null)[][] }

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

/** Downsamples every chart's series from the per-bar columns (min/max per bucket, see downsampleIndices) and
 * converts the Greeks to display units: cash gamma per 1% move, vega per vol point, theta per day.
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
    delta: chart([b.delta], [col(b.delta)]),
    gamma: chart([b.gamma], [(i) => 0.5 * (b.gamma[i] as number) * (b.spot[i] as number) ** 2 * 1e-4]),
    vega: chart([b.vega], [col(b.vega, 1 / 100)]),
    theta: chart([b.theta], [col(b.theta, 1 / 365)]),
    health: chart([b.health], [col(b.health)]),
    attribution: {
      x: input.attribution.map((r) => r.epoch),
      parts: ATTRIBUTION_PARTS.map((k) => input.attribution.map((r) => round(r[k]) ?? 0)),
      total: input.attribution.map((r) => round(r.total) ?? 0),
    },
    parts: [...ATTRIBUTION_PARTS],
  }
}
