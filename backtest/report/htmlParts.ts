import { escapeHtml } from './escapeHtml.ts'

// The building blocks both HTML reports (backtest report.html, `optvault stress` cascade.html) lay out with
// reportStyles.ts: a chart card, a KPI tile, a key-value table. Text arguments are escaped here; `noteHtml` is
// markup the caller built (and escaped) itself.

/** A card holding the chart the report script draws into `#id`.
 * @example chartCard('chart-nav', 'NAV', 'Quote currency.') */
export function chartCard(id: string, title: string, noteHtml: string, wide = false): string {
  return `<section class="card${wide ? ' wide' : ''}"><h2>${escapeHtml(title)}</h2><p class="note">${noteHtml}</p><div class="chart" id="${id}"></div></section>`
}

/** A KPI tile: label, big value (`cls` colours it: pos or neg), and what it compares with.
 * @example kpiTile('Sharpe', '1.20', 'buy & hold 0.80') */
export function kpiTile(label: string, value: string, bench: string, cls = ''): string {
  return `<div class="kpi"><div class="label">${escapeHtml(label)}</div><div class="value${cls === '' ? '' : ` ${cls}`}">${escapeHtml(value)}</div><div class="bench">${escapeHtml(bench)}</div></div>`
}

/** A two-column table of settings, one row per pair (null shows as an em dash).
 * @example keyValueTable('config', [['seed', '7']]) */
export function keyValueTable(id: string, pairs: readonly (readonly [string, string | number | boolean | null])[]): string {
  const body = pairs.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v === null ? '—' : String(v))}</td></tr>`).join('\n')
  return `<table id="${id}" class="kv"><tbody>\n${body}\n</tbody></table>`
}
