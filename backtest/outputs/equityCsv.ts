import type { EquityColumns } from '../loop/backtestResult.ts'
import { csvNumber, csvTime } from './csvFormat.ts'

export const EQUITY_COLUMNS = ['ts', 'spot', 'nav', 'pps', 'delta', 'gamma', 'vega', 'theta', 'health'] as const

/** equity.csv: one row per bar at the bar's open time. nav and pps in the accounting unit; Greeks in the quote
 * sense (delta units of underlying, vega per 1.00 vol, theta per year); health `inf` when no margin is used. */
export function equityCsv(e: EquityColumns): string {
  const n = e.tMs.length
  const parts: string[] = [EQUITY_COLUMNS.join(',')]
  for (let i = 0; i < n; i++) {
    parts.push(`${csvTime(e.tMs[i] as number)},${csvNumber(e.spot[i] as number)},${csvNumber(e.nav[i] as number)},${csvNumber(e.pps[i] as number)},${csvNumber(e.delta[i] as number)},${csvNumber(e.gamma[i] as number)},${csvNumber(e.vega[i] as number)},${csvNumber(e.theta[i] as number)},${csvNumber(e.health[i] as number)}`)
  }
  return parts.join('\n') + '\n'
}
