import { renderReport } from '../report/renderReport.ts'
import type { ReportEpoch } from '../report/reportInput.ts'
import { buyAndHoldNav } from '../metrics/buyAndHoldNav.ts'
import { navQuoteOf, type BacktestResult } from '../loop/backtestResult.ts'
import { attributionCsv, attributionFor } from './attributionFor.ts'
import { backtestSummary, summaryJson, type BacktestSummary } from './backtestSummary.ts'
import { epochsCsv } from './epochsCsv.ts'
import { equityCsv } from './equityCsv.ts'
import { tradesCsv } from './tradesCsv.ts'

/** Every output file of a backtest as text, by file name: summary.json, epochs.csv, trades.csv, equity.csv,
 * attribution.csv and report.html. A pure function of the result and `config` (no clock), so the same run gives
 * the same bytes. */
export function backtestFiles(r: BacktestResult, title: string, config: Readonly<Record<string, string | number | boolean | null>>): { files: Record<string, string>; summary: BacktestSummary } {
  const navQuote = navQuoteOf(r)
  const summary = backtestSummary(r, navQuote)
  const attribution = attributionFor(r)
  const e = r.equity
  const n = e.tMs.length
  const pps = new Float64Array(n)
  // The report draws money in the quote currency: NAV per share at each bar's spot.
  for (let i = 0; i < n; i++) pps[i] = r.unit === 'asset' ? (e.pps[i] as number) * (e.spot[i] as number) : (e.pps[i] as number)
  const endSpot = (ms: number) => { let j = n - 1; while (j > 0 && (e.tMs[j] as number) + r.barMs > ms) j--; return e.spot[j] as number }
  const epochs: ReportEpoch[] = r.epochs.map((x) => {
    // Coin amounts shown in quote at the epoch's closing spot; navStart at its opening spot.
    const c = r.unit === 'asset' ? endSpot(x.endMs) : 1
    const c0 = r.unit === 'asset' ? endSpot(x.startMs) : 1
    return {
      epoch: x.epoch, startMs: x.startMs, endMs: x.endMs, type: x.type, strike: x.strike, expiryMs: x.expiryMs, contracts: x.contracts,
      premium: x.premium * c, settlementPrice: x.settlementPrice, optionPnl: x.optionPnl * c, hedgePnl: x.hedgePnl * c, fees: -x.fees * c,
      pnl: x.navEnd * c - x.navStart * c0, navStart: x.navStart * c0, navEnd: x.navEnd * c, ppsEnd: x.ppsEnd * c,
    }
  })
  const html = renderReport({
    title, quote: r.quote, asset: r.asset, config,
    ...(r.unit === 'asset' ? { accountingNav: { unit: r.unitSymbol, start: e.nav[0] as number, end: e.nav[n - 1] as number } } : {}),
    bars: { tMs: e.tMs, spot: e.spot, nav: navQuote, pps, navBuyAndHold: buyAndHoldNav(e.spot, navQuote[0] as number),
      delta: e.delta, gamma: e.gamma, vega: e.vega, theta: e.theta, health: e.health },
    epochs, attribution, summary: { strategy: summary.metrics, buyAndHold: summary.buyAndHold },
  })
  return {
    summary,
    files: {
      'summary.json': summaryJson(summary),
      'epochs.csv': epochsCsv(r.epochs),
      'trades.csv': tradesCsv(r.trades),
      'equity.csv': equityCsv(e),
      'attribution.csv': attributionCsv(attribution),
      'report.html': html,
    },
  }
}
