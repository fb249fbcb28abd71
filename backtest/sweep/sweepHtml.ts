import { escapeHtml } from '../report/escapeHtml.ts'
import type { ParamValue } from './gridAxis.ts'
import type { SweepRow } from './sweepRow.ts'
import { betterMetric, METRIC_COLUMNS } from './summaryMetrics.ts'

export interface WalkForwardSummary {
  readonly rows: readonly { window: number; trainFrom: string; testFrom: string; testTo: string; params: string; inSample: number | null; outOfSample: number | null }[]
  /** The metric on the stitched out-of-sample NAV, and the mean of the chosen parameters' training metrics. */
  readonly stitchedOutOfSample: number | null
  readonly meanInSample: number | null
  readonly stitchedTotalReturn: number | null
}

export interface SweepHtmlInput {
  readonly title: string
  readonly metric: string
  readonly paramPaths: readonly string[]
  readonly rows: readonly SweepRow[]
  readonly walkForward?: WalkForwardSummary
}

/** sweep.html: a sortable table of every run (click a header) and SVG heatmaps of the chosen metric over each
 * pair of parameters (other parameters at their best value for that cell). Self-contained: no request leaves
 * the page (CSP default-src 'none'). A pure function of its input, so the same sweep gives the same bytes. */
export function sweepHtml(input: SweepHtmlInput): string {
  const { metric, paramPaths } = input
  const rows = input.rows.filter((r) => r.phase !== 'test')
  const heatmaps: string[] = []
  if (paramPaths.length === 1) heatmaps.push(heatmap(rows, metric, paramPaths[0] as string, undefined))
  for (let a = 0; a < paramPaths.length; a++) {
    for (let b = a + 1; b < paramPaths.length && heatmaps.length < 6; b++) heatmaps.push(heatmap(rows, metric, paramPaths[a] as string, paramPaths[b] as string))
  }
  const cols = [...paramPaths, ...(input.walkForward ? ['phase', 'window'] : []), ...METRIC_COLUMNS, 'error']
  const head = cols.map((c, i) => `<th data-col="${i}"${c === metric ? ' class="metric"' : ''}>${escapeHtml(c)}</th>`).join('')
  const body = input.rows.map((r) => `<tr>${cols.map((c) => {
    const v = c in r.params ? r.params[c] : c === 'phase' ? r.phase : c === 'window' ? r.window : c === 'error' ? r.error : r.metrics[c]
    return typeof v === 'number' ? `<td data-v="${v}">${fmt(v)}</td>` : `<td>${escapeHtml(v === undefined || v === null ? '' : String(v))}</td>`
  }).join('')}</tr>`).join('\n')
  const wf = input.walkForward
  const wfHtml = wf === undefined ? '' : `<h2>Walk-forward (${escapeHtml(metric)})</h2>
<p class="kpi">in-sample (mean of chosen runs on their training windows): <b>${fmt(wf.meanInSample)}</b> &nbsp; out-of-sample (stitched test windows): <b>${fmt(wf.stitchedOutOfSample)}</b> &nbsp; stitched total return: <b>${fmt(wf.stitchedTotalReturn)}</b></p>
<table><thead><tr><th>window</th><th>train from</th><th>test from</th><th>test to</th><th>chosen parameters</th><th>in-sample</th><th>out-of-sample</th></tr></thead><tbody>
${wf.rows.map((w) => `<tr><td>${w.window}</td><td>${escapeHtml(w.trainFrom)}</td><td>${escapeHtml(w.testFrom)}</td><td>${escapeHtml(w.testTo)}</td><td>${escapeHtml(w.params)}</td><td>${fmt(w.inSample)}</td><td>${fmt(w.outOfSample)}</td></tr>`).join('\n')}
</tbody></table>`
  return `<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<title>${escapeHtml(input.title)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #ccc;padding:2px 6px;text-align:right}
th{background:#f3f3f3;cursor:pointer;position:sticky;top:0}th.metric{background:#dde8f7}
.heatmaps{display:flex;flex-wrap:wrap;gap:1.5em}.kpi b{font-size:16px}
</style></head><body>
<h1>${escapeHtml(input.title)}</h1>
<p>${input.rows.length} runs, ${input.rows.filter((r) => r.error !== undefined).length} failed. Heatmaps show <b>${escapeHtml(metric)}</b> (best over the other parameters; green is better).</p>
<div class="heatmaps">${heatmaps.join('\n')}</div>
${wfHtml}
<h2>Runs</h2>
<table id="runs"><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>
<script>
document.querySelectorAll('#runs th').forEach(function (th) {
  th.addEventListener('click', function () {
    var i = Number(th.dataset.col), tb = document.querySelector('#runs tbody')
    var asc = th.dataset.dir !== 'asc'; th.dataset.dir = asc ? 'asc' : 'desc'
    var key = function (tr) { var td = tr.children[i]; return td.dataset.v !== undefined ? Number(td.dataset.v) : td.textContent }
    var rows = Array.prototype.slice.call(tb.rows)
    rows.sort(function (a, b) { var x = key(a), y = key(b); if (x === y) return 0; if (x === '' ) return 1; if (y === '') return -1; return (x < y ? -1 : 1) * (asc ? 1 : -1) })
    rows.forEach(function (r) { tb.appendChild(r) })
  })
})
</script>
</body></html>
`
}

// One parameter gives a single strip (py undefined).
function heatmap(rows: readonly SweepRow[], metric: string, px: string, py: string | undefined): string {
  const xs = distinct(rows.map((r) => r.params[px]))
  const ys = py === undefined ? [''] : distinct(rows.map((r) => r.params[py]))
  const cell = new Map<string, number | null>()
  for (const r of rows) {
    const k = `${String(r.params[px])}|${py === undefined ? '' : String(r.params[py])}`
    const v = r.metrics[metric] ?? null
    if (!cell.has(k) || betterMetric(metric, v, cell.get(k))) cell.set(k, v)
  }
  const vals = [...cell.values()].filter((v): v is number => v !== null && Number.isFinite(v))
  const lo = Math.min(...vals)
  const hi = Math.max(...vals)
  const cw = 64, ch = 26, left = 90, top = 30
  const w = left + xs.length * cw + 10
  const h = top + ys.length * ch + 40
  const rects: string[] = []
  ys.forEach((y, j) => {
    rects.push(`<text x="${left - 6}" y="${top + j * ch + 17}" text-anchor="end">${escapeHtml(String(y))}</text>`)
    xs.forEach((x, i) => {
      const v = cell.get(`${String(x)}|${String(y)}`)
      const fill = v === undefined || v === null ? '#eee' : colour(hi === lo ? 1 : (betterMetric(metric, hi, lo) ? (v - lo) / (hi - lo) : (hi - v) / (hi - lo)))
      rects.push(`<rect x="${left + i * cw}" y="${top + j * ch}" width="${cw - 1}" height="${ch - 1}" fill="${fill}"><title>${escapeHtml(`${px}=${String(x)}${py === undefined ? '' : ` ${py}=${String(y)}`}: ${metric} ${fmt(v ?? null)}`)}</title></rect>`)
      rects.push(`<text x="${left + i * cw + cw / 2}" y="${top + j * ch + 17}" text-anchor="middle">${v === undefined ? '' : fmt(v)}</text>`)
    })
  })
  xs.forEach((x, i) => rects.push(`<text x="${left + i * cw + cw / 2}" y="${top + ys.length * ch + 16}" text-anchor="middle">${escapeHtml(String(x))}</text>`))
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-size="11" class="heatmap">
<text x="${left}" y="16" font-weight="bold">${escapeHtml(metric)}${py === undefined ? ` by ${escapeHtml(px)}` : `: ${escapeHtml(py)} (rows) by ${escapeHtml(px)} (columns)`}</text>
${rects.join('\n')}
<text x="${left + (xs.length * cw) / 2}" y="${top + ys.length * ch + 34}" text-anchor="middle">${escapeHtml(px)}</text>
</svg></figure>`
}

function distinct(vs: readonly (ParamValue | undefined)[]): ParamValue[] {
  const out = [...new Set(vs.filter((v): v is ParamValue => v !== undefined))]
  return out.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))))
}

// Red (worst) through yellow to green (best), t in [0, 1].
function colour(t: number): string {
  const r = t < 0.5 ? 230 : Math.round(230 - (t - 0.5) * 2 * 150)
  const g = t < 0.5 ? Math.round(90 + t * 2 * 130) : 220
  return `rgb(${r},${g},100)`
}

function fmt(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return ''
  return Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(4)).toString()
}
