import type { BarColumns } from '../barColumns.ts'
import type { ProblemSink } from '../validate/dataProblem.ts'
import { epochToMs } from '../formats/timestamp.ts'
import { jsonNumber, type JsonRows } from './jsonRows.ts'
import type { ReadResult } from './readResult.ts'

const COLUMNS = { ts: 'open_time_ms [0]', open: 'open [1]', high: 'high [2]', low: 'low [3]', close: 'close [4]', volume: 'volume [5]' }

/** Binance klines as freqtrade stores them: `[[open_time_ms, open, high, low, close, volume], …]`, oldest first,
 * prices in quote currency, volume in base units. Binance's own REST klines carry six more elements after these
 * (close time, quote volume, …) and quote numbers as strings; both are accepted.
 * @example readBinanceKlinesJson(jsonRows(file, text), sink).series.close[0] */
export function readBinanceKlinesJson(j: JsonRows, sink: ProblemSink): ReadResult<BarColumns> {
  const n = j.rows.length
  const cols = Array.from({ length: 6 }, () => new Float64Array(n))
  const names = Object.values(COLUMNS)
  for (let i = 0; i < n; i++) {
    const r = j.rows[i]!
    for (let c = 0; c < 6; c++) cols[c]![i] = jsonNumber(r[c], sink, j.lines[i]!, names[c]!)
    cols[0]![i] = epochToMs(cols[0]![i]!)
  }
  const [tMs, open, high, low, close, volume] = cols as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array]
  return { series: { length: n, tMs, open, high, low, close, volume }, format: 'binance-klines-json', lineOf: (i) => j.lines[i]!, columnNames: COLUMNS, notes: [] }
}
