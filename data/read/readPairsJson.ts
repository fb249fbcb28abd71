import type { FundingColumns, VolColumns } from '../barColumns.ts'
import type { ProblemSink } from '../validate/dataProblem.ts'
import { epochToMs } from '../formats/timestamp.ts'
import { jsonNumber, type JsonRows } from './jsonRows.ts'
import type { ReadResult } from './readResult.ts'

/** Deribit DVOL as `[[ms, dvol_percent], …]` (or Deribit's own candles `[ms, open, high, low, close]`, of which
 * the close is taken). DVOL is quoted in annualised percent; stored as a fraction, so 55.3 becomes 0.553.
 * @example readDeribitDvolJson(jsonRows(file, text), sink).series.vol[0] // 0.5676 for 56.76 */
export function readDeribitDvolJson(j: JsonRows, sink: ProblemSink): ReadResult<VolColumns> {
  const candle = (j.rows[0]?.length ?? 0) >= 5
  const valueAt = candle ? 4 : 1
  const { tMs, value } = pairs(j, sink, valueAt, candle ? 'close [4]' : 'dvol [1]')
  for (let i = 0; i < value.length; i++) value[i] = value[i]! / 100
  return {
    series: { length: tMs.length, tMs, vol: value }, format: 'deribit-dvol-json', lineOf: (i) => j.lines[i]!,
    columnNames: { ts: 'ms [0]', vol: candle ? 'close [4]' : 'dvol [1]' },
    notes: [`DVOL percent divided by 100 to a fraction${candle ? '; the candle close is used' : ''}`],
  }
}

/** Funding rates as `[[fundingTime_ms, rate_percent], …]`, the layout of the shared Binance file: its producer
 * multiplied Binance's `fundingRate` (a fraction per 8h, 0.0001 = 0.01%) by 100, so the file holds percent and
 * this divides by 100 back to Binance's fraction. Binance's few-ms jitter in fundingTime is kept as is.
 * @example readFundingPercentJson(jsonRows(file, text), sink).series.rate[0] // 0.0000044 for 0.00044 */
export function readFundingPercentJson(j: JsonRows, sink: ProblemSink): ReadResult<FundingColumns> {
  const { tMs, value } = pairs(j, sink, 1, 'rate_percent [1]')
  for (let i = 0; i < value.length; i++) value[i] = value[i]! / 100
  return {
    series: { length: tMs.length, tMs, rate: value }, format: 'funding-percent-json', lineOf: (i) => j.lines[i]!,
    columnNames: { ts: 'ms [0]', rate: 'rate_percent [1]' },
    notes: ['funding rate in percent per interval divided by 100 to a fraction (Binance fundingRate convention)'],
  }
}

function pairs(j: JsonRows, sink: ProblemSink, valueAt: number, column: string): { tMs: Float64Array; value: Float64Array } {
  const n = j.rows.length
  const tMs = new Float64Array(n)
  const value = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const r = j.rows[i]!
    tMs[i] = epochToMs(jsonNumber(r[0], sink, j.lines[i]!, 'ms [0]'))
    value[i] = jsonNumber(r[valueAt], sink, j.lines[i]!, column)
  }
  return { tMs, value }
}
