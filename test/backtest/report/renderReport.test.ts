import { describe, expect, test } from 'vitest'
import { renderReport } from '../../../backtest/report/renderReport.ts'
import { sampleReportInput } from '../../../backtest/report/sampleReportInput.ts'
import { chartData, HEALTH_CLIP, healthTop } from '../../../backtest/report/chartData.ts'
import type { ReportInput } from '../../../backtest/report/reportInput.ts'
import { MetricsInputError } from '../../../backtest/metrics/metricsInputError.ts'
import { ATTRIBUTION_PARTS } from '../../../backtest/attribution/attributionRow.ts'

const sample = sampleReportInput({ bars: 24 * 7 * 8, seed: 3 })
const tbodyRows = (html: string, id: string) => {
  const m = new RegExp(`<table id="${id}"[^>]*>[\\s\\S]*?<tbody>([\\s\\S]*?)</tbody>`).exec(html)
  return (m?.[1] ?? '').split('<tr>').length - 1
}

/** A long input without the cost of pricing every bar: a random walk and flat Greeks. */
function longInput(n: number): ReportInput {
  const base = sampleReportInput({ bars: 200, seed: 1 })
  const c = () => new Float64Array(n)
  const tMs = c(), spot = c(), nav = c(), pps = c(), hold = c(), g = c()
  let x = 40_000
  for (let i = 0; i < n; i++) {
    tMs[i] = Date.UTC(2020, 0, 1) + i * 60_000
    x *= 1 + 0.001 * Math.sin(i * 0.37) * Math.cos(i * 0.0011)
    spot[i] = x; nav[i] = x * 25 + 1e5; pps[i] = (nav[i] as number) / 1e4; hold[i] = x * 25; g[i] = Math.sin(i / 5000)
  }
  return { ...base, bars: { tMs, spot, nav, pps, navBuyAndHold: hold, delta: g, gamma: g, vega: g, theta: g, health: g } }
}

describe('renderReport', () => {
  const html = renderReport(sample)

  test('one self-contained document: no external script, stylesheet, font or image', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i)
    expect(html).not.toMatch(/<link\b/i)
    expect(html).not.toMatch(/@import|@font-face|url\(\s*['"]?(https?:)?\/\//i)
    expect(html).toContain("default-src 'none'") // and the CSP forbids fetching anything, as a second line of defence
    expect(html).toContain('uPlot') // the library is inlined
  })

  test('tables have one row per epoch, attribution row, metric and config entry', () => {
    expect(tbodyRows(html, 'epochs')).toBe(sample.epochs.length)
    expect(tbodyRows(html, 'attribution')).toBe(sample.attribution.length)
    expect(tbodyRows(html, 'summary')).toBe(14)
    expect(tbodyRows(html, 'config')).toBe(Object.keys(sample.config).length)
    expect(sample.epochs.length).toBe(8)
  })

  test('charts with the same x values share one array in the embedded data', () => {
    const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1] as string
    const data = JSON.parse(json) as { xs: number[][]; time: Record<string, { xi: number; ys: unknown[][] }> }
    expect(data.xs).toHaveLength(1) // fewer bars than maxChartPoints: every time chart has every bar
    expect(data.xs[0]).toHaveLength(sample.bars.tMs.length)
    expect(data.xs[0]?.[0]).toBe((sample.bars.tMs[0] as number) / 1000) // uPlot's time unit is seconds
    expect(Object.keys(data.time)).toHaveLength(9)
    for (const c of Object.values(data.time)) expect(c.xi).toBe(0)
  })

  test('config as summarizeConfig lines: first word is the key', () => {
    const out = renderReport({ ...sample, config: ['vault     BTC, initial NAV 10 BTC', 'strategy  covered-call', 'lonely'] })
    expect(tbodyRows(out, 'config')).toBe(3)
    expect(out).toContain('<tr><td>vault</td><td>BTC, initial NAV 10 BTC</td></tr>')
    expect(out).toContain('<tr><td>lonely</td><td></td></tr>')
  })

  test('a coin-margined vault gets a tile with its return in its own unit; a quote-currency one does not', () => {
    // the quick start's figures (optvault backtest config/covered-call.yaml): NAV 10 -> 8.945441 BTC is -10.55%
    const out = renderReport({ ...sample, accountingNav: { unit: 'BTC', start: 10, end: 8.945441 } })
    expect(out).toContain('<div class="label">Return in BTC</div><div class="value">-10.55%</div><div class="bench">NAV 10 → 8.94544 BTC</div>')
    expect(html).not.toContain('Return in')
  })

  test('same input, same bytes', () => {
    expect(renderReport(sample)).toBe(html)
  })

  test('text from the input is escaped everywhere', () => {
    const evil = '</title></script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    const out = renderReport({
      ...sample, title: evil, quote: '<b>USD</b>', config: { [evil]: evil, ok: 1 },
      epochs: sample.epochs.map((e) => ({ ...e, type: evil })),
    })
    expect(out).not.toContain('<script>window.__pwned')
    expect(out).not.toContain('<img src=x')
    expect(out).not.toContain('<b>USD</b>')
    expect(out).toContain('&lt;/title&gt;&lt;/script&gt;&lt;script&gt;window.__pwned = 1')
  })

  test('mismatched bar columns are named', () => {
    expect(() => renderReport({ ...sample, bars: { ...sample.bars, nav: new Float64Array(3) } })).toThrow(MetricsInputError)
    expect(() => renderReport({ ...sample, bars: { ...sample.bars, nav: new Float64Array(3) } })).toThrow(/bars.nav has 3 values/)
  })
})

describe('chartData', () => {
  test('the strike line is the strike of the epoch in force at each point', () => {
    const d = chartData(sample)
    const [spot, strike] = d.spot.ys as [(number | null)[], (number | null)[]]
    expect(spot.length).toBe(sample.bars.tMs.length)
    for (const e of sample.epochs) {
      const mid = (e.startMs + e.endMs) / 2 / 1000
      const i = d.spot.x.findIndex((x) => x >= mid)
      expect(strike[i]).toBe(e.strike)
    }
    expect(d.attribution.parts).toHaveLength(ATTRIBUTION_PARTS.length)
    expect(d.attribution.x).toEqual(sample.attribution.map((r) => r.epoch))
  })

  test('Greeks in display units: vega per vol point, theta per day, cash gamma per 1%', () => {
    const d = chartData(sample)
    const i = 5
    const b = sample.bars
    // chart data keeps 6 significant digits
    const near = (got: number | null | undefined, want: number) => expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(5e-6 * Math.abs(want))
    near(d.vega.ys[0]?.[i], (b.vega[i] as number) / 100)
    near(d.theta.ys[0]?.[i], (b.theta[i] as number) / 365)
    near(d.gamma.ys[0]?.[i], 0.5 * (b.gamma[i] as number) * (b.spot[i] as number) ** 2 / 1e4)
    expect(b.vega[i]).not.toBe(0)
  })

  test('600k one-minute bars: every chart is downsampled to <= 5000 points and the file stays small', () => {
    const big = longInput(600_000)
    const d = chartData(big)
    for (const k of ['nav', 'pps', 'spot', 'drawdown', 'delta', 'gamma', 'vega', 'theta', 'health'] as const) {
      expect(d[k].x.length).toBeLessThanOrEqual(5000)
      // buckets keep first, last, min and max of each series; where those coincide fewer points remain
      expect(d[k].x.length).toBeGreaterThan(2500)
      for (const y of d[k].ys) expect(y.length).toBe(d[k].x.length)
    }
    const bytes = Buffer.byteLength(renderReport(big))
    expect(bytes).toBeLessThan(1_500_000)
  })
})

describe('margin health and Greek y-ranges', () => {
  /** The sample with its health replaced: a covered call's 12..13, one bar of 4e7 (maintenance margin near 0, as in
   * the quick-start backtest's equity.csv) and a stretch of Infinity (no margin used). */
  function withSpikyHealth(): ReportInput {
    const n = sample.bars.tMs.length
    const health = Float64Array.from({ length: n }, (_, i) => 12 + Math.sin(i / 9))
    health[40] = 4.76e7
    for (let i = 100; i < 120; i++) health[i] = Infinity
    return { ...sample, bars: { ...sample.bars, health } }
  }

  test('health above the axis top is drawn at it and counted; Infinity stays a gap; the axis keeps 1 in view', () => {
    const input = withSpikyHealth()
    const d = chartData(input)
    const y = d.health.y!
    expect(y.max).toBe(20) // 1.2 x p99 (~13) is 15.6: the next top is 20
    expect(y.min).toBe(0)
    expect(y.clippedAt).toBe(20)
    const drawn = d.health.ys[0]!
    expect(Math.max(...drawn.filter((v): v is number => v !== null))).toBe(20)
    expect(drawn[40]).toBe(20)
    expect(drawn.slice(100, 120).every((v) => v === null)).toBe(true)
    expect(y.note).toBe('Clipped at 20: 1 bar above it (equity.csv keeps the raw values).')
    expect(renderReport(input)).toContain('Clipped at 20: 1 bar above it')
  })

  test('healthTop: the first of 2, 3, 5, 10, 15, 20 above 1.2 x the 99th percentile, at most HEALTH_CLIP', () => {
    const levered = Float64Array.from({ length: 500 }, (_, i) => 1.5 + (i % 100) / 70) // 1.5 .. 2.91
    expect(healthTop(levered)).toBe(5) // 1.2 x 2.9 = 3.5
    expect(healthTop(Float64Array.of(12, 13, 4e7))).toBe(HEALTH_CLIP)
    expect(healthTop(new Float64Array(10).fill(NaN))).toBe(2)
    expect(healthTop(new Float64Array(10).fill(Infinity))).toBe(2)
    expect(healthTop(new Float64Array(100).fill(1.6))).toBe(2)
    const d = chartData({ ...sample, bars: { ...sample.bars, health: Float64Array.from(sample.bars.tMs, (_, i) => 1.5 + (i % 100) / 70) } })
    expect(d.health.y).toEqual({ min: 0, max: 5, note: '' }) // nothing clipped: no note, no legend cap
  })

  test('a Greek with one-bar spikes gets a 1st..99th percentile range and says so; a smooth one keeps its full range', () => {
    const delta = Float64Array.from(sample.bars.tMs, (_, i) => 10 + 0.5 * Math.sin(i / 5))
    delta[200] = 20; delta[700] = 21
    const input = { ...sample, bars: { ...sample.bars, delta } }
    const d = chartData(input)
    expect(d.delta.y).toBeDefined()
    expect(d.delta.y!.max).toBeLessThan(11)
    expect(d.delta.y!.note).toMatch(/^Y-axis: 1st–99th percentile of bars; 0\.\d% of bars run off the chart/)
    expect(d.vega.y).toBeUndefined() // the sample's BSM vega has no outliers
    const html = renderReport({ ...input, asset: 'BTC' })
    expect(html).toContain('Book delta, BTC. Y-axis: 1st–99th percentile')
    const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1] as string
    const data = JSON.parse(json) as { time: Record<string, { y?: { min: number; max: number } }>; units: Record<string, string> }
    expect(data.time.delta?.y?.max).toBeCloseTo(d.delta.y!.max, 4)
    expect(data.units).toMatchObject({ delta: 'BTC', theta: 'USD / day', vega: 'USD / vol pt', drawdown: '%' })
  })
})
