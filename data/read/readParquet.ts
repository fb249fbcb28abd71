import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetReadObjects } from 'hyparquet'
import type { SeriesKind } from '../barColumns.ts'
import { CANONICAL_COLUMNS } from '../formats/canonicalColumns.ts'
import { epochToMs, parseTimestampMs } from '../formats/timestamp.ts'
import { DataError } from '../../engine/errors/data.ts'
import type { ProblemSink } from '../validate/dataProblem.ts'
import { ChainBuilder } from './chainBuilder.ts'
import { parseInstrumentName } from './parseInstrumentName.ts'
import type { ReadResult } from './readResult.ts'

/** Reads a Parquet file with the canonical columns of its kind (see data/README.md) into typed columns, using
 * hyparquet's per-column chunks so a numeric file never becomes row objects. Time columns may be
 * TIMESTAMP (read as Date), INT64 epoch ms or s (the 1e11 rule), or ISO text. The kind is taken from the
 * column names when not given. Problems name `row N` (1-based) as their line: Parquet has no lines.
 * @example const r = await readParquet('bars.parquet', 'bars', sink) */
export async function readParquet(file: string, kind: SeriesKind | undefined, sink: ProblemSink): Promise<ReadResult> {
  const buf = await asyncBufferFromFile(file)
  const meta = await parquetMetadataAsync(buf)
  const fields = meta.schema.slice(1).map((s) => s.name)
  const k = kind ?? (fields.includes('open') ? 'bars' : fields.includes('instrument') ? 'chain' : fields.includes('vol') ? 'vol' : fields.includes('rate') ? 'funding' : fields.includes('gwei') ? 'gas' : undefined)
  if (k === undefined) throw new DataError(file, 1, '(schema)', `has no column that names a kind (${fields.join(',')})`, 'name columns as in data/README.md, or pass --kind')
  const names: readonly string[] = CANONICAL_COLUMNS[k]
  for (const c of names) if (!fields.includes(c)) throw new DataError(file, 1, c, `is missing from the Parquet schema (${fields.join(',')})`)
  const n = Number(meta.num_rows)
  const lineOf = (i: number): number => i + 1
  const time = (v: unknown, row: number, column: string): number => {
    const ms = v instanceof Date ? v.getTime() : typeof v === 'bigint' ? epochToMs(Number(v)) : typeof v === 'number' ? epochToMs(v) : typeof v === 'string' ? parseTimestampMs(v) : NaN
    if (ms !== ms) sink.add({ severity: 'error', code: 'parse', line: row + 1, column, value: String(v), message: 'is not a timestamp' })
    return ms
  }
  const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v))
  if (k === 'chain') {
    const rows = (await parquetReadObjects({ file: buf, columns: [...names] })) as Record<string, unknown>[]
    const b = new ChainBuilder()
    rows.forEach((r, i) => {
      const name = String(r.instrument ?? '')
      const type = String(r.type ?? '').toLowerCase()
      const expiry = r.expiry === undefined || r.expiry === null ? parseInstrumentName(name)?.expiryMs ?? NaN : time(r.expiry, i, 'expiry')
      b.push(time(r.ts, i, 'ts'), name, expiry, num(r.strike), type === 'call' || type === 'c',
        ['bid', 'ask', 'mark', 'bid_iv', 'ask_iv', 'mark_iv', 'underlying_price', 'open_interest'].map((c) => num(r[c])))
    })
    return { series: b.build(), format: 'chain-parquet', lineOf, notes: [] }
  }
  const cols = names.map(() => new Float64Array(n))
  await parquetRead({
    file: buf, metadata: meta, columns: [...names],
    onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
      const j = names.indexOf(columnName)
      if (j < 0) return
      const out = cols[j]!
      for (let i = rowStart; i < Math.min(rowEnd, n); i++) {
        const v = columnData[i - rowStart]
        out[i] = j === 0 ? time(v, i, 'ts') : num(v)
      }
    },
  })
  const series = Object.fromEntries([['length', n], ['tMs', cols[0]], ...names.slice(1).map((c, j) => [c, cols[j + 1]])])
  return { series: series as never, format: `${k}-parquet`, lineOf, notes: [] }
}
