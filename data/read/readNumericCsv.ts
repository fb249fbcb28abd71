import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs'
import { CsvError, parse } from 'csv-parse'
import type { SeriesByKind } from '../barColumns.ts'
import { CANONICAL_COLUMNS } from '../formats/canonicalColumns.ts'
import { parseTimestampMs } from '../formats/timestamp.ts'
import { DataError } from '../../engine/errors/data.ts'
import type { ProblemSink } from '../validate/dataProblem.ts'
import { GrowableColumns } from './growableColumns.ts'
import type { ReadResult } from './readResult.ts'

export type NumericKind = 'bars' | 'vol' | 'funding' | 'gas'

/** The fast path for canonical CSVs whose columns are all numbers after `ts` (bars, vol, funding, gas):
 * csv-parse streams the file and each record goes straight into preallocated Float64Array columns, so a file
 * of millions of bars never exists as an array of row objects. Blank lines are an error (trailing ones are
 * not read at all): row i is always on line i + 2, which lets problems name lines without csv-parse's
 * per-record info object (it doubles the cost).
 * Unparsable cells become NaN and an error in `sink`.
 * @example const { series } = await readNumericCsv('data/samples/btc-usd-1h-sample.csv', 'bars', new ProblemSink()) */
export async function readNumericCsv<K extends NumericKind>(file: string, kind: K, sink: ProblemSink): Promise<ReadResult<SeriesByKind[K]>> {
  const names = CANONICAL_COLUMNS[kind]
  const width = names.length
  const cols = new GrowableColumns(width, estimateRows(file))
  const at = new Int32Array(width) // position of canonical column j in the file's records
  let header: string[] | undefined
  let row = 0
  const end = contentEnd(file)
  const parser = createReadStream(file, { highWaterMark: 1 << 20, ...(end > 0 ? { end: end - 1 } : {}) }).pipe(parse({ bom: true }))
  try {
    for await (const rec of parser as AsyncIterable<string[]>) {
      if (header === undefined) {
        header = rec.map((h) => h.trim())
        names.forEach((c, j) => {
          const i = header!.indexOf(c)
          if (i < 0) throw new DataError(file, 1, c, `is missing from the header (${header!.join(',')})`, `a ${kind} CSV has the columns ${names.join(',')}`)
          at[j] = i
        })
        continue
      }
      cols.ensure()
      const line = row + 2
      const tText = rec[at[0]!]!
      const t = parseTimestampMs(tText)
      if (t !== t) sink.add({ severity: 'error', code: 'parse', line, column: 'ts', value: tText, message: `is not a timestamp: "${tText}" (ISO 8601 UTC or epoch seconds/ms)` })
      cols.col(0)[row] = t
      for (let j = 1; j < width; j++) {
        const text = rec[at[j]!]!
        const v = text === '' ? NaN : +text
        if (v !== v && text !== '') sink.add({ severity: 'error', code: 'parse', line, column: names[j]!, value: text, message: `is not a number: "${text}"` })
        cols.col(j)[row] = v
      }
      row++
      cols.length = row
    }
  } catch (e) {
    if (e instanceof CsvError) {
      const line = Number((e as unknown as { lines?: number }).lines ?? 0)
      throw new DataError(file, line, '(row)', `cannot be read as CSV: ${e.message}`, 'every row needs one value per header column, and no blank lines')
    }
    throw e
  }
  if (header === undefined) throw new DataError(file, 1, '(header)', 'is missing: the file is empty', `write the header ${names.join(',')}`)
  const c = cols.finish()
  const series = Object.fromEntries([['length', row], ['tMs', c[0]], ...names.slice(1).map((n, j) => [n, c[j + 1]])]) as unknown as SeriesByKind[K]
  return { series, format: `${kind}-csv`, lineOf: (i) => i + 2, notes: [] }
}

// Byte offset just past the last character that is not a space or a line break: editors often leave blank
// lines at the end, and reading only up to here lets them pass without allowing blank lines elsewhere.
function contentEnd(file: string): number {
  const size = statSync(file).size
  const n = Math.min(size, 65_536)
  const buf = Buffer.alloc(n)
  const fd = openSync(file, 'r')
  try { readSync(fd, buf, 0, n, size - n) } finally { closeSync(fd) }
  let i = n
  while (i > 0 && (buf[i - 1] === 10 || buf[i - 1] === 13 || buf[i - 1] === 32 || buf[i - 1] === 9)) i--
  return i === 0 && size > n ? size : size - n + i
}

// Rows expected in a file: its size over the mean length of the lines in its first 64 KiB, plus 2% so a file
// whose later lines are slightly longer still fits without growing.
function estimateRows(file: string): number {
  const size = statSync(file).size
  const buf = Buffer.alloc(Math.min(size, 65_536))
  const fd = openSync(file, 'r')
  try { readSync(fd, buf, 0, buf.length, 0) } finally { closeSync(fd) }
  let lines = 0
  for (let i = 0; i < buf.length; i++) if (buf[i] === 10) lines++
  if (lines === 0) return 16
  return Math.ceil((size / (buf.length / lines)) * 1.02)
}
