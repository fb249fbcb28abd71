import type { DataFrame } from 'danfojs'
import type { ChainColumns, Series, SeriesByKind, SeriesKind } from '../barColumns.ts'
import { CANONICAL_COLUMNS } from '../formats/canonicalColumns.ts'
import { epochToMs, parseTimestampMs } from '../formats/timestamp.ts'
import { DataError } from '../../engine/errors/data.ts'

/** The typed columns of a danfo.js DataFrame with the canonical columns of a kind (the kind is taken from the
 * columns when not given). `ts`/`expiry` may be ISO text, epoch numbers (the 1e11 rule) or Date; empty or
 * null cells become NaN. Throws DataError (line = 1-based row) on a missing column or an unreadable time.
 * @example const bars = fromDataFrame(df, 'bars'); bars.close[0] */
export function fromDataFrame<K extends SeriesKind>(df: DataFrame, kind: K): SeriesByKind[K]
export function fromDataFrame(df: DataFrame, kind?: SeriesKind): Series
export function fromDataFrame(df: DataFrame, kind?: SeriesKind): Series {
  const names = df.columns
  const k = kind ?? (names.includes('open') ? 'bars' : names.includes('instrument') ? 'chain' : names.includes('vol') ? 'vol' : names.includes('rate') ? 'funding' : 'gas')
  const wanted = CANONICAL_COLUMNS[k] as readonly string[]
  for (const c of wanted) if (!names.includes(c)) throw new DataError('(DataFrame)', 1, c, `is missing (columns: ${names.join(',')})`)
  const n = df.shape[0] ?? 0
  const values = (c: string): unknown[] => df.column(c).values as unknown[]
  const num = (c: string): Float64Array => Float64Array.from(values(c), (v) => (v === null || v === undefined || v === '' ? NaN : Number(v)))
  const time = (c: string): Float64Array => Float64Array.from(values(c), (v, i) => {
    const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? epochToMs(v) : typeof v === 'string' ? parseTimestampMs(v) : NaN
    if (ms !== ms) throw new DataError('(DataFrame)', i + 1, c, `is not a timestamp: ${String(v)}`)
    return ms
  })
  if (k === 'chain') {
    const chain: ChainColumns = {
      length: n, tMs: time('ts'), instrument: values('instrument').map(String), expiryMs: time('expiry'), strike: num('strike'),
      isCall: Uint8Array.from(values('type'), (v) => (/^c/i.test(String(v)) ? 1 : 0)),
      bid: num('bid'), ask: num('ask'), mark: num('mark'), bidIv: num('bid_iv'), askIv: num('ask_iv'), markIv: num('mark_iv'),
      underlyingPrice: num('underlying_price'), openInterest: num('open_interest'),
    }
    return chain
  }
  return Object.fromEntries([['length', n], ['tMs', time('ts')], ...wanted.slice(1).map((c) => [c, num(c)])]) as unknown as Series
}
