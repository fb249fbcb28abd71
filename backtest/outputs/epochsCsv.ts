import type { EpochRow } from '../loop/backtestResult.ts'
import { csvNumber, csvText, csvTime } from './csvFormat.ts'

/** The leading columns of epochs.csv, exactly as issue 6 fixes them; extra columns follow. */
export const EPOCH_COLUMNS = ['epoch', 'start', 'end', 'type', 'strike', 'expiry', 'contracts', 'premium', 'settlement_price',
  'option_pnl', 'hedge_pnl', 'fees', 'pnl', 'nav_start', 'nav_end', 'pps_end'] as const
export const EPOCH_EXTRA_COLUMNS = ['funding', 'gas', 'vault_fees', 'flows', 'turnover_quote', 'trades', 'status'] as const

/** epochs.csv: one row per epoch; money in the vault's accounting unit, strike and settlement price in quote. The
 * last row is `open` when the data ends before that epoch's roll. */
export function epochsCsv(rows: readonly EpochRow[]): string {
  const out = [[...EPOCH_COLUMNS, ...EPOCH_EXTRA_COLUMNS].join(',')]
  for (const r of rows) {
    out.push([String(r.epoch), csvTime(r.startMs), csvTime(r.endMs), csvText(r.type), csvNumber(r.strike), csvTime(r.expiryMs),
      csvNumber(r.contracts), csvNumber(r.premium), csvNumber(r.settlementPrice), csvNumber(r.optionPnl), csvNumber(r.hedgePnl),
      csvNumber(r.fees), csvNumber(r.pnl), csvNumber(r.navStart), csvNumber(r.navEnd), csvNumber(r.ppsEnd),
      csvNumber(r.funding), csvNumber(r.gas), csvNumber(r.vaultFees), csvNumber(r.flows), csvNumber(r.turnoverQuote), String(r.trades), r.settled ? 'settled' : 'open'].join(','))
  }
  return out.join('\n') + '\n'
}
