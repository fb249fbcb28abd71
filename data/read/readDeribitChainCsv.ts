import type { ChainColumns } from '../barColumns.ts'
import { epochToMs, formatTimestamp } from '../formats/timestamp.ts'
import { DataError } from '../../engine/errors/data.ts'
import type { ProblemSink } from '../validate/dataProblem.ts'
import { ChainBuilder } from './chainBuilder.ts'
import { cellNumber, columnIndexes, type CsvTable } from './csvTable.ts'
import { parseInstrumentName } from './parseInstrumentName.ts'
import type { ReadResult } from './readResult.ts'

/** Deribit option chains saved as CSV, in the two layouts found in the wild:
 * - `public/get_book_summary_by_currency` rows (`bid_price, ask_price, mark_price, mark_iv, creation_timestamp,
 *   …`): the snapshot time is each row's `creation_timestamp`; some exports drop `mark_iv` (then NaN);
 * - instrument + ticker rows (`best_bid_price, best_ask_price, bid_iv, ask_iv, mark_iv, expiration_timestamp`):
 *   `creation_timestamp` there is the instrument's LISTING time, so the snapshot time is not in the file and
 *   `snapshotMs` must say it; without it the latest listing time is used (a lower bound) and a note says so.
 * Strike, expiry (08:00 UTC) and type come from `instrument_name` (`BTC-28JUN24-58000-P`). Prices stay in the
 * coin (Deribit's inverse quoting); IVs in percent are divided by 100; an empty bid/ask, or an IV of 0, is NaN.
 * @example readDeribitChainCsv(csvTable(file, text), sink).series.strike[0] */
export function readDeribitChainCsv(t: CsvTable, sink: ProblemSink, o: { snapshotMs?: number } = {}): ReadResult<ChainColumns> {
  const ticker = t.header.includes('best_bid_price')
  const names = ticker
    ? { bid: 'best_bid_price', ask: 'best_ask_price', mark: 'mark_price', bid_iv: 'bid_iv', ask_iv: 'ask_iv', mark_iv: 'mark_iv', underlying_price: 'underlying_price', open_interest: 'open_interest' }
    : { bid: 'bid_price', ask: 'ask_price', mark: 'mark_price', bid_iv: '', ask_iv: '', mark_iv: t.header.includes('mark_iv') ? 'mark_iv' : '', underlying_price: 'underlying_price', open_interest: 'open_interest' }
  const ix = columnIndexes(t, ['instrument_name', 'creation_timestamp', ...Object.values(names).filter((c) => c !== '')] as string[]) as Record<string, number> & { instrument_name: number; creation_timestamp: number }
  const at = (c: string): number => (c === '' ? -1 : (ix as Record<string, number>)[c] ?? -1)
  const notes: string[] = []
  let snapshotMs = o.snapshotMs
  if (ticker && snapshotMs === undefined) {
    snapshotMs = Math.max(...t.rows.map((r) => epochToMs(+(r[ix.creation_timestamp] ?? NaN))))
    notes.push(`the file has no snapshot time (creation_timestamp is the listing time); ts set to the latest listing, ${formatTimestamp(snapshotMs)}, a lower bound`)
  }
  const b = new ChainBuilder()
  t.rows.forEach((r, i) => {
    const line = t.lines[i]!
    const name = r[ix.instrument_name] ?? ''
    const parts = parseInstrumentName(name)
    if (parts === undefined) throw new DataError(t.file, line, 'instrument_name', `"${name}" is not a Deribit option name`, 'expected e.g. BTC-28JUN24-58000-P')
    const tMs = snapshotMs ?? epochToMs(cellNumber(r[ix.creation_timestamp], sink, line, 'creation_timestamp'))
    const num = (c: string): number => (c === '' ? NaN : cellNumber(r[at(c)], sink, line, c))
    // Deribit reports an IV of 0 where there is no quote to imply one from
    const iv = (c: string): number => { const v = num(c); return v === 0 ? NaN : v / 100 }
    b.push(tMs, name, parts.expiryMs, parts.strike, parts.isCall, [
      num(names.bid), num(names.ask), num(names.mark), iv(names.bid_iv), iv(names.ask_iv), iv(names.mark_iv), num(names.underlying_price), num(names.open_interest),
    ])
  })
  if (names.mark_iv === '') notes.push('the file has no mark_iv column; mark_iv is empty (imply it from mark)')
  return {
    series: b.build(), format: ticker ? 'deribit-ticker-csv' : 'deribit-book-summary-csv', lineOf: (i) => t.lines[i]!,
    columnNames: { ts: ticker ? '(snapshot time)' : 'creation_timestamp', instrument: 'instrument_name', expiry: 'instrument_name', strike: 'instrument_name', ...Object.fromEntries(Object.entries(names).filter(([, v]) => v !== '')) },
    notes,
  }
}
