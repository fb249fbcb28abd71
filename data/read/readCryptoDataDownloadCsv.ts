import type { BarColumns } from '../barColumns.ts'
import { epochToMs } from '../formats/timestamp.ts'
import { DataError } from '../../engine/errors/data.ts'
import type { ProblemSink } from '../validate/dataProblem.ts'
import { cellNumber, columnIndexes, type CsvTable } from './csvTable.ts'
import type { ReadResult } from './readResult.ts'

/** CryptoDataDownload bars: a banner on line 1 (`https://www.CryptoDataDownload.com`), the header on line 2
 * (`unix,date,symbol,open,high,low,close,Volume BTC,Volume USD`), rows newest first, `unix` in epoch seconds
 * of the bar open. Rows are reversed to oldest first; volume is the base-currency column (`Volume BTC`).
 * Bitstamp exports before 2018-03 (daily) and 2020-10 (hourly) have the two volume columns swapped in many
 * rows (shared data README), which no check here can tell apart, so the reader notes it.
 * @example readCryptoDataDownloadCsv(csvTable(file, text, 2), sink).series.tMs[0] // the oldest bar */
export function readCryptoDataDownloadCsv(t: CsvTable, sink: ProblemSink): ReadResult<BarColumns> {
  const ix = columnIndexes(t, ['unix', 'open', 'high', 'low', 'close'])
  const symbolAt = t.header.indexOf('symbol')
  const base = symbolAt >= 0 ? (t.rows[0]?.[symbolAt] ?? '').split('/')[0] : undefined
  const volName = t.header.find((h) => base !== undefined && h === `Volume ${base}`) ?? t.header.find((h) => /^Volume /.test(h) && !/USD/.test(h))
  if (volName === undefined) throw new DataError(t.file, t.headerLine, 'Volume <base>', `is missing from the header (${t.header.join(',')})`)
  const volAt = t.header.indexOf(volName)
  const n = t.rows.length
  const newestFirst = n > 1 && +(t.rows[0]![ix.unix] ?? 0) > +(t.rows[n - 1]![ix.unix] ?? 0)
  const row = (i: number): number => (newestFirst ? n - 1 - i : i) // output row i comes from file row row(i)
  const cols = { tMs: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) }
  for (let i = 0; i < n; i++) {
    const r = t.rows[row(i)]!
    const line = t.lines[row(i)]!
    cols.tMs[i] = epochToMs(cellNumber(r[ix.unix], sink, line, 'unix'))
    cols.open[i] = cellNumber(r[ix.open], sink, line, 'open')
    cols.high[i] = cellNumber(r[ix.high], sink, line, 'high')
    cols.low[i] = cellNumber(r[ix.low], sink, line, 'low')
    cols.close[i] = cellNumber(r[ix.close], sink, line, 'close')
    cols.volume[i] = cellNumber(r[volAt], sink, line, volName)
  }
  return {
    series: { length: n, ...cols }, format: 'cryptodatadownload-csv', lineOf: (i) => t.lines[row(i)]!,
    columnNames: { ts: 'unix', volume: volName },
    notes: [
      ...(newestFirst ? ['rows run newest first in the file; reversed to oldest first'] : []),
      `volume taken from "${volName}" (base units); older Bitstamp rows may have the two volume columns swapped`,
    ],
  }
}
