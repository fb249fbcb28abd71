import { ATTRIBUTION_COLUMNS } from '../attribution/attributionRow.ts'
import { totalAttribution } from '../attribution/totalAttribution.ts'
import { MetricsInputError } from '../metrics/metricsInputError.ts'
import type { PerformanceSummary } from '../metrics/summarize.ts'
import { chartData, type ChartData, type TimeChartData } from './chartData.ts'
import { formatNumber, formatPercent, formatTimeUtc } from './displayFormat.ts'
import { escapeHtml, jsonForScript } from './escapeHtml.ts'
import { chartCard, keyValueTable, kpiTile } from './htmlParts.ts'
import type { ReportBars, ReportInput } from './reportInput.ts'
import { REPORT_SCRIPT } from './reportScript.ts'
import { REPORT_CSS } from './reportStyles.ts'
import { uplotAssets } from './uplotAssets.ts'

const BAR_FIELDS = ['tMs', 'spot', 'nav', 'pps', 'navBuyAndHold', 'delta', 'gamma', 'vega', 'theta', 'health'] as const satisfies readonly (keyof ReportBars)[]

/** The backtest report as ONE self-contained HTML document: uPlot's script and stylesheet are inlined, fonts are the
 * system's, and nothing is fetched, so the file opens offline and can be mailed around. Shows headline tiles, NAV and
 * price per share against buy-and-hold, spot with each epoch's strike, drawdown, the Greeks, margin health, stacked
 * P&L attribution per epoch, and the summary, config, attribution and epoch tables. Long series are downsampled
 * (min/max per bucket) to `maxChartPoints`, so a 2.6M-bar backtest still gives a file of about a megabyte. Every text
 * from the input is escaped (escapeHtml, jsonForScript). Deterministic: same input, same bytes.
 * Throws MetricsInputError when the bar columns differ in length or the times are not increasing.
 * @example writeFileAtomic('out/report.html', renderReport(input)) */
export function renderReport(input: ReportInput): string {
  checkBars(input.bars)
  const { js, css } = uplotAssets()
  const s = input.summary.strategy
  const h = input.summary.buyAndHold
  const q = escapeHtml(input.quote)
  const count = (k: number, noun: string) => `${k.toLocaleString('en-US')} ${noun}${k === 1 ? '' : 's'}`
  const sub = [`${formatTimeUtc(s.startMs)} → ${formatTimeUtc(s.endMs)} UTC`, count(s.bars, 'bar'), count(input.epochs.length, 'epoch'),
    `NAV in ${input.quote}`]
  if (input.generatedAtMs !== undefined) sub.push(`generated ${formatTimeUtc(input.generatedAtMs)} UTC`)
  const d = chartData(input)
  // the chart's own note, then what its y-range leaves out (chartData)
  const note = (k: (typeof TIME_CHARTS)[number], text: string) => (d[k].y?.note ? `${text} ${escapeHtml(d[k].y.note)}` : text)
  const asset = input.asset === undefined ? 'units of the underlying' : escapeHtml(input.asset)

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(input.title)}</title>
<style>${css}</style>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1 id="title">${escapeHtml(input.title)}</h1><div class="sub">${sub.map(escapeHtml).join(' · ')}</div></header>
<main>
${kpis(s, h, input.quote, input.accountingNav)}
<div class="grid">
${chartCard('chart-nav', 'NAV vs buy-and-hold', `Quote currency (${q}); buy-and-hold starts with the same NAV.`)}
${chartCard('chart-pps', 'Price per share vs buy-and-hold', `${q} per share; buy-and-hold rescaled to the first price per share.`)}
${chartCard('chart-spot', 'Spot and strike', `Underlying in ${q}; dashed step: strike of the epoch in force.`)}
${chartCard('chart-drawdown', 'Drawdown', 'Percent below the running peak.')}
</div>
<div class="grid three">
${chartCard('chart-delta', 'Delta', note('delta', `Book delta, ${asset}.`))}
${chartCard('chart-gamma', 'Gamma', note('gamma', `Cash gamma: ${q} per 1% move (0.5 Γ S² / 10⁴).`))}
${chartCard('chart-vega', 'Vega', note('vega', `${q} per vol point.`))}
${chartCard('chart-theta', 'Theta', note('theta', `${q} per day.`))}
${chartCard('chart-health', 'Margin health', note('health', 'Equity / maintenance margin; red dashed line: 1, liquidation. Gaps: no margin used.'))}
</div>
${chartCard('chart-attribution', 'P&L attribution per epoch', `${q}; stacked parts, black tick: epoch total. Residual = total − other parts.`, true)}
<div class="grid">
<section class="card"><h2>Summary</h2>${summaryTable(s, h)}</section>
<section class="card"><h2>Configuration</h2>${configTable(input.config)}</section>
</div>
<section class="card wide"><h2>Attribution by epoch</h2><div class="scroll">${attributionTable(input)}</div></section>
<section class="card wide"><h2>Epochs</h2><p class="note">Prices and money in ${q}; coin amounts at the epoch's closing spot. Contracts in units of the underlying, negative when sold.</p><div class="scroll">${epochsTable(input)}</div></section>
</main>
<footer>optvault backtest report. All times UTC. Ratios use log returns and a 365-day year; Sortino's downside target is the risk-free rate (0 by default).</footer>
<script type="application/json" id="report-data">${jsonForScript(embeddedCharts(d, axisUnits(input)))}</script>
<script>${js}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`
}

/** The y-axis title of each time chart: its unit. */
function axisUnits(input: ReportInput): Record<(typeof TIME_CHARTS)[number] | 'attribution', string> {
  const q = input.quote
  return { nav: q, pps: `${q} / share`, spot: q, drawdown: '%', delta: input.asset ?? 'units', gamma: `${q} / 1%`, vega: `${q} / vol pt`,
    theta: `${q} / day`, health: '× MM', attribution: q }
}

const TIME_CHARTS = ['nav', 'pps', 'spot', 'drawdown', 'delta', 'gamma', 'vega', 'theta', 'health'] as const

/** The chart data as embedded: charts whose x values are identical (all of them when the backtest has fewer bars than
 * maxChartPoints) share one x array in `xs`, which roughly halves the file for short backtests. */
function embeddedCharts(d: ChartData, units: Readonly<Record<string, string>>) {
  const xs: number[][] = []
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i])
  const time: Record<string, { xi: number; ys: TimeChartData['ys']; y?: { min: number; max: number; clippedAt?: number } }> = {}
  for (const k of TIME_CHARTS) {
    let xi = xs.findIndex((x) => same(x, d[k].x))
    if (xi < 0) xi = xs.push(d[k].x) - 1
    const y = d[k].y
    time[k] = y === undefined ? { xi, ys: d[k].ys } : { xi, ys: d[k].ys, y: { min: Number(y.min.toPrecision(6)), max: Number(y.max.toPrecision(6)), ...(y.clippedAt === undefined ? {} : { clippedAt: y.clippedAt }) } }
  }
  return { xs, time, attribution: d.attribution, parts: d.parts, units }
}

function checkBars(b: ReportBars): void {
  const n = b.tMs.length
  if (n === 0) throw new MetricsInputError('bars.tMs', 'is empty', 'pass at least one bar')
  for (const f of BAR_FIELDS) {
    if (b[f].length !== n) throw new MetricsInputError(`bars.${f}`, `has ${b[f].length} values but bars.tMs has ${n}`)
  }
  for (let i = 1; i < n; i++) {
    if (!((b.tMs[i] as number) > (b.tMs[i - 1] as number))) {
      throw new MetricsInputError(`bars.tMs[${i}]`, `must be after bars.tMs[${i - 1}] = ${b.tMs[i - 1]}, got ${b.tMs[i]}`)
    }
  }
}

/** A coin amount to 6 significant digits with separators: 10 -> '10', 8.9454412 -> '8.94544'. */
const formatSignificant = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 12 }) : formatNumber(x))

const signClass = (x: number | null) => (x === null || Number.isNaN(x) || x === 0 ? '' : x > 0 ? 'pos' : 'neg')

function kpis(s: PerformanceSummary, h: PerformanceSummary, quote: string, acc: ReportInput['accountingNav']): string {
  return `<div class="kpis">
${kpiTile('Total return', formatPercent(s.totalReturn), `buy & hold ${formatPercent(h.totalReturn)}`)}
${kpiTile('CAGR', formatPercent(s.cagr), `buy & hold ${formatPercent(h.cagr)}`)}
${kpiTile('Sharpe', formatNumber(s.sharpe), `buy & hold ${formatNumber(h.sharpe)}`)}
${kpiTile('Max drawdown', formatPercent(s.maxDrawdown), `buy & hold ${formatPercent(h.maxDrawdown)}`)}
${kpiTile('Volatility', formatPercent(s.annualizedVol), `buy & hold ${formatPercent(h.annualizedVol)}`)}
${kpiTile('Final NAV', formatNumber(s.endNav, 0), `${quote}, from ${formatNumber(s.startNav, 0)}`)}
${acc === undefined ? '' : kpiTile(`Return in ${acc.unit}`, formatPercent(acc.end / acc.start - 1), `NAV ${formatSignificant(acc.start)} → ${formatSignificant(acc.end)} ${acc.unit}`)}
</div>`
}

function summaryTable(s: PerformanceSummary, h: PerformanceSummary): string {
  const rows: [string, (p: PerformanceSummary) => string][] = [
    ['Total return', (p) => formatPercent(p.totalReturn)],
    ['CAGR', (p) => formatPercent(p.cagr)],
    ['Annualised volatility', (p) => formatPercent(p.annualizedVol)],
    ['Sharpe', (p) => formatNumber(p.sharpe)],
    ['Sortino', (p) => formatNumber(p.sortino)],
    ['Max drawdown', (p) => formatPercent(p.maxDrawdown)],
    ['Drawdown peak', (p) => formatTimeUtc(p.maxDrawdownPeakMs)],
    ['Drawdown trough', (p) => formatTimeUtc(p.maxDrawdownTroughMs)],
    ['Recovered', (p) => (p.maxDrawdownTroughMs === null ? '—' : p.maxDrawdownRecoveryMs === null ? 'not yet' : formatTimeUtc(p.maxDrawdownRecoveryMs))],
    ['Calmar', (p) => formatNumber(p.calmar)],
    ['Start NAV', (p) => formatNumber(p.startNav)],
    ['End NAV', (p) => formatNumber(p.endNav)],
    ['Years', (p) => formatNumber(p.years, 3)],
    ['Bars per year', (p) => formatNumber(p.barsPerYear, 0)],
  ]
  const body = rows.map(([label, f]) => `<tr><td>${escapeHtml(label)}</td><td>${escapeHtml(f(s))}</td><td>${escapeHtml(f(h))}</td></tr>`).join('\n')
  return `<table id="summary"><thead><tr><th>Metric</th><th>Strategy</th><th>Buy &amp; hold</th></tr></thead><tbody>\n${body}\n</tbody></table>`
}

function configTable(config: ReportInput['config']): string {
  const pairs: [string, string | number | boolean | null][] = isLines(config)
    ? config.map((line) => { const m = /^(\S+)\s+(.*)$/.exec(line.trim()); return m === null ? [line.trim(), ''] : [m[1] as string, m[2] as string] })
    : Object.entries(config)
  return keyValueTable('config', pairs)
}

const isLines = (c: ReportInput['config']): c is readonly string[] => Array.isArray(c)

function attributionTable(input: ReportInput): string {
  const head = ATTRIBUTION_COLUMNS.map((c) => `<th>${c}</th>`).join('')
  const cell = (x: number) => `<td class="${signClass(x)}">${formatNumber(x)}</td>`
  const row = (r: (typeof input.attribution)[number], label: string) =>
    `<tr><td>${label}</td>${ATTRIBUTION_COLUMNS.slice(1).map((c) => cell(r[c])).join('')}</tr>`
  const body = input.attribution.map((r) => row(r, `#${r.epoch}`)).join('\n')
  const foot = input.attribution.length > 0 ? `<tfoot>${row(totalAttribution(input.attribution), 'all')}</tfoot>` : ''
  return `<table id="attribution"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody>${foot}</table>`
}

function epochsTable(input: ReportInput): string {
  const cols: [string, (e: ReportInput['epochs'][number]) => string, boolean?][] = [
    ['epoch', (e) => `#${e.epoch}`],
    ['start', (e) => formatTimeUtc(e.startMs)],
    ['end', (e) => formatTimeUtc(e.endMs)],
    ['type', (e) => escapeHtml(e.type)],
    ['strike', (e) => formatNumber(e.strike, Number.isInteger(e.strike) ? 0 : 2)],
    ['expiry', (e) => formatTimeUtc(e.expiryMs)],
    ['contracts', (e) => formatNumber(e.contracts, 4)],
    ['premium', (e) => formatNumber(e.premium), true],
    ['settlement price', (e) => formatNumber(e.settlementPrice)],
    ['option P&L', (e) => formatNumber(e.optionPnl), true],
    ['hedge P&L', (e) => formatNumber(e.hedgePnl), true],
    ['fees', (e) => formatNumber(e.fees), true],
    ['P&L', (e) => formatNumber(e.pnl), true],
    ['NAV start', (e) => formatNumber(e.navStart)],
    ['NAV end', (e) => formatNumber(e.navEnd)],
    ['PPS end', (e) => formatNumber(e.ppsEnd, 4)],
  ]
  const signed: Record<string, keyof ReportInput['epochs'][number]> = {
    premium: 'premium', 'option P&L': 'optionPnl', 'hedge P&L': 'hedgePnl', fees: 'fees', 'P&L': 'pnl',
  }
  const head = cols.map(([c]) => `<th${c === 'type' ? ' class="text"' : ''}>${escapeHtml(c)}</th>`).join('')
  const body = input.epochs.map((e) => `<tr>${cols.map(([c, f, isSigned]) => {
    const key = signed[c]
    const cls = c === 'type' ? 'text' : isSigned === true && key !== undefined ? signClass(e[key] as number) : ''
    return `<td${cls === '' ? '' : ` class="${cls}"`}>${f(e)}</td>`
  }).join('')}</tr>`).join('\n')
  return `<table id="epochs"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`
}
