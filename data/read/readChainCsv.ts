import type { ChainColumns } from '../barColumns.ts'
import { CANONICAL_COLUMNS } from '../formats/canonicalColumns.ts'
import { parseTimestampMs } from '../formats/timestamp.ts'
import type { ProblemSink } from '../validate/dataProblem.ts'
import { ChainBuilder } from './chainBuilder.ts'
import { cellNumber, columnIndexes, type CsvTable } from './csvTable.ts'
import type { ReadResult } from './readResult.ts'

/** Reads a canonical chain CSV (`ts,instrument,expiry,strike,type,bid,ask,mark,bid_iv,ask_iv,mark_iv,
 * underlying_price,open_interest`). `type` is call|put (C/P accepted); empty quote cells are NaN (no quote).
 * @example readChainCsv(csvTable('chain.csv', text), sink).series.length */
export function readChainCsv(t: CsvTable, sink: ProblemSink): ReadResult<ChainColumns> {
  const ix = columnIndexes(t, CANONICAL_COLUMNS.chain)
  const b = new ChainBuilder()
  const values = ['bid', 'ask', 'mark', 'bid_iv', 'ask_iv', 'mark_iv', 'underlying_price', 'open_interest'] as const
  t.rows.forEach((r, i) => {
    const line = t.lines[i]!
    const time = (c: 'ts' | 'expiry'): number => {
      const text = r[ix[c]] ?? ''
      const ms = parseTimestampMs(text)
      if (ms !== ms) sink.add({ severity: 'error', code: 'parse', line, column: c, value: text, message: `is not a timestamp: "${text}"` })
      return ms
    }
    const type = (r[ix.type] ?? '').trim().toLowerCase()
    if (!['call', 'put', 'c', 'p'].includes(type)) sink.add({ severity: 'error', code: 'parse', line, column: 'type', value: type, message: 'must be call or put' })
    b.push(time('ts'), r[ix.instrument] ?? '', time('expiry'), cellNumber(r[ix.strike], sink, line, 'strike'), type === 'call' || type === 'c',
      values.map((c) => cellNumber(r[ix[c]], sink, line, c)))
  })
  return { series: b.build(), format: 'chain-csv', lineOf: (i) => t.lines[i] ?? 0, notes: [] }
}
