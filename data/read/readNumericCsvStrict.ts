import { createReadStream } from 'node:fs'
import { CsvError, parse } from 'csv-parse'
import type { SeriesByKind } from '../barColumns.ts'
import { CANONICAL_COLUMNS } from '../formats/canonicalColumns.ts'
import { DataError } from '../../engine/errors/data.ts'
import type { ProblemSink } from '../validate/dataProblem.ts'
import { contentEnd, estimateRows } from './csvFileShape.ts'
import { NumericCsvRows, type NumericKind } from './numericCsvRows.ts'

/** A canonical numeric CSV read by csv-parse, which checks every record's field count. It takes 5x the CPU
 * time of readNumericCsv on 2.6M bars (test/data/load.bench.ts); readNumericCsv falls back on it when a file is
 * not one well-formed record per line, so a short row, a long row or a blank line is a DataError at its line,
 * with csv-parse's own description.
 * @example const series = await readNumericCsvStrict('data/samples/btc-usd-1h-sample.csv', 'bars', new ProblemSink()) */
export async function readNumericCsvStrict<K extends NumericKind>(file: string, kind: K, sink: ProblemSink): Promise<SeriesByKind[K]> {
  let rows: NumericCsvRows<K> | undefined
  const end = contentEnd(file)
  const parser = createReadStream(file, { highWaterMark: 1 << 20, ...(end > 0 ? { end: end - 1 } : {}) }).pipe(parse({ bom: true }))
  try {
    for await (const rec of parser as AsyncIterable<string[]>) {
      if (rows === undefined) rows = new NumericCsvRows(file, kind, rec, estimateRows(file), sink)
      else rows.push(rec)
    }
  } catch (e) {
    if (e instanceof CsvError) {
      const line = Number((e as unknown as { lines?: number }).lines ?? 0)
      throw new DataError(file, line, '(row)', `cannot be read as CSV: ${e.message}`, 'every row needs one value per header column, and no blank lines')
    }
    throw e
  }
  if (rows === undefined) throw new DataError(file, 1, '(header)', 'is missing: the file is empty', `write the header ${CANONICAL_COLUMNS[kind].join(',')}`)
  return rows.series()
}
