import type { VolColumns } from '../barColumns.ts'
import type { ProblemSink } from '../validate/dataProblem.ts'
import { jsonPairs, type JsonRows } from './jsonRows.ts'
import type { ReadResult } from './readResult.ts'

/** Deribit DVOL as `[[ms, dvol_percent], …]` (or Deribit's own candles `[ms, open, high, low, close]`, of which
 * the close is taken). DVOL is quoted in annualised percent; stored as a fraction, so 55.3 becomes 0.553.
 * @example readDeribitDvolJson(jsonRows(file, text), sink).series.vol[0] // 0.5676 for 56.76 */
export function readDeribitDvolJson(j: JsonRows, sink: ProblemSink): ReadResult<VolColumns> {
  const candle = (j.rows[0]?.length ?? 0) >= 5
  const valueAt = candle ? 4 : 1
  const { tMs, value } = jsonPairs(j, sink, valueAt, candle ? 'close [4]' : 'dvol [1]')
  for (let i = 0; i < value.length; i++) value[i] = value[i]! / 100
  return {
    series: { length: tMs.length, tMs, vol: value }, format: 'deribit-dvol-json', lineOf: (i) => j.lines[i]!,
    columnNames: { ts: 'ms [0]', vol: candle ? 'close [4]' : 'dvol [1]' },
    notes: [`DVOL percent divided by 100 to a fraction${candle ? '; the candle close is used' : ''}`],
  }
}
