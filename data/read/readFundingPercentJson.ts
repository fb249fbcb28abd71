import type { FundingColumns } from '../barColumns.ts'
import type { ProblemSink } from '../validate/dataProblem.ts'
import { jsonPairs, type JsonRows } from './jsonRows.ts'
import type { ReadResult } from './readResult.ts'

/** Funding rates as `[[fundingTime_ms, rate_percent], …]`, the layout of the shared Binance file: its producer
 * multiplied Binance's `fundingRate` (a fraction per 8h, 0.0001 = 0.01%) by 100, so the file holds percent and
 * this divides by 100 back to Binance's fraction. Binance's few-ms jitter in fundingTime is kept as is.
 * @example readFundingPercentJson(jsonRows(file, text), sink).series.rate[0] // 0.0000044 for 0.00044 */
export function readFundingPercentJson(j: JsonRows, sink: ProblemSink): ReadResult<FundingColumns> {
  const { tMs, value } = jsonPairs(j, sink, 1, 'rate_percent [1]')
  for (let i = 0; i < value.length; i++) value[i] = value[i]! / 100
  return {
    series: { length: tMs.length, tMs, rate: value }, format: 'funding-percent-json', lineOf: (i) => j.lines[i]!,
    columnNames: { ts: 'ms [0]', rate: 'rate_percent [1]' },
    notes: ['funding rate in percent per interval divided by 100 to a fraction (Binance fundingRate convention)'],
  }
}
