import { CsvError, parse } from 'csv-parse/sync'
import { DataError } from '../../engine/errors/data.ts'
import type { ProblemSink } from '../validate/dataProblem.ts'

/** A small CSV file parsed by csv-parse into string cells, each row with its 1-based file line. For the big
 * canonical files use readNumericCsv, which streams into typed arrays instead. */
export interface CsvTable {
  readonly file: string
  readonly header: readonly string[]
  readonly headerLine: number
  readonly rows: readonly (readonly string[])[]
  readonly lines: readonly number[]
}

/** Parses CSV text whose header is on `headerLine` (1-based; CryptoDataDownload files have a banner on line 1).
 * A malformed file (wrong number of fields, a stray quote) throws DataError at the line csv-parse names.
 * @example csvTable('a.csv', 'ts,vol\n2024-01-01,0.5\n').rows // [['2024-01-01', '0.5']] */
export function csvTable(file: string, text: string, headerLine = 1): CsvTable {
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, { from_line: headerLine, info: true, skip_empty_lines: true, bom: true }) as unknown as typeof records
  } catch (e) {
    if (e instanceof CsvError) {
      const line = Number((e as unknown as { lines?: number }).lines ?? 0)
      throw new DataError(file, line, '(row)', `cannot be read as CSV: ${e.message}`, 'every row needs as many comma-separated fields as the header')
    }
    throw e
  }
  const [head, ...body] = records
  if (head === undefined) throw new DataError(file, headerLine, '(header)', 'is missing: the file is empty', 'add a header row')
  return { file, header: head.record.map((h) => h.trim()), headerLine, rows: body.map((r) => r.record), lines: body.map((r) => r.info.lines) }
}

/** Index of each wanted column in the header; throws DataError naming the first one that is missing.
 * @example columnIndexes(table, ['ts', 'vol']) // { ts: 0, vol: 1 } */
export function columnIndexes<C extends string>(t: CsvTable, wanted: readonly C[]): Record<C, number> {
  const out = {} as Record<C, number>
  for (const c of wanted) {
    const i = t.header.indexOf(c)
    if (i < 0) throw new DataError(t.file, t.headerLine, c, `is missing from the header (${t.header.join(',')})`, `add a \`${c}\` column`)
    out[c] = i
  }
  return out
}

/** A numeric cell: empty is NaN (no value); text that is not a number is NaN and an error in `sink`.
 * @example cellNumber('28923.63', sink, 'a.csv', 2, 'open') // 28923.63 */
export function cellNumber(text: string | undefined, sink: ProblemSink, line: number, column: string): number {
  if (text === undefined || text === '') return NaN
  const v = +text
  if (v !== v) sink.add({ severity: 'error', code: 'parse', line, column, value: text, message: `is not a number: "${text}"` })
  return v
}
