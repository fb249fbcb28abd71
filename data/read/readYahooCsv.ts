import type { BarColumns } from '../barColumns.ts'
import { parseTimestampMs } from '../formats/timestamp.ts'
import type { ProblemSink } from '../validate/dataProblem.ts'
import { cellNumber, columnIndexes, type CsvTable } from './csvTable.ts'
import type { ReadResult } from './readResult.ts'

/** Yahoo Finance daily bars: `Date,Open,High,Low,Close,Adj Close,Volume`, oldest first, Date a UTC calendar day.
 * Yahoo's Volume is in quote currency (USD), so it is divided by Close to approximate base units; `null`
 * cells (days Yahoo has no data for) are parse errors.
 * @example readYahooCsv(csvTable(file, text), sink).series.open[0] */
export function readYahooCsv(t: CsvTable, sink: ProblemSink): ReadResult<BarColumns> {
  const ix = columnIndexes(t, ['Date', 'Open', 'High', 'Low', 'Close', 'Volume'])
  const n = t.rows.length
  const cols = { tMs: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) }
  for (let i = 0; i < n; i++) {
    const r = t.rows[i]!
    const line = t.lines[i]!
    const d = r[ix.Date] ?? ''
    cols.tMs[i] = parseTimestampMs(d)
    if (Number.isNaN(cols.tMs[i])) sink.add({ severity: 'error', code: 'parse', line, column: 'Date', value: d, message: `is not a date: "${d}"` })
    cols.open[i] = cellNumber(r[ix.Open], sink, line, 'Open')
    cols.high[i] = cellNumber(r[ix.High], sink, line, 'High')
    cols.low[i] = cellNumber(r[ix.Low], sink, line, 'Low')
    cols.close[i] = cellNumber(r[ix.Close], sink, line, 'Close')
    cols.volume[i] = cellNumber(r[ix.Volume], sink, line, 'Volume') / cols.close[i]!
  }
  return {
    series: { length: n, ...cols }, format: 'yahoo-csv', lineOf: (i) => t.lines[i]!,
    columnNames: { ts: 'Date', open: 'Open', high: 'High', low: 'Low', close: 'Close', volume: 'Volume' },
    notes: ['Yahoo Volume is in USD; divided by Close to approximate base units'],
  }
}
