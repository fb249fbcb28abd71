import { isAscii } from 'node:buffer'
import { open } from 'node:fs/promises'
import { inferSchema, initParser, type Parser } from 'udsv'
import type { Series, SeriesByKind } from '../barColumns.ts'
import { CANONICAL_COLUMNS } from '../formats/canonicalColumns.ts'
import { DataError } from '../../engine/errors/data.ts'
import { ProblemSink } from '../validate/dataProblem.ts'
import { contentEnd, estimateRows } from './csvFileShape.ts'
import { NumericCsvRows, type NumericKind } from './numericCsvRows.ts'
import { readNumericCsvStrict } from './readNumericCsvStrict.ts'
import type { ReadResult } from './readResult.ts'

export type { NumericKind } from './numericCsvRows.ts'

// 64 KiB: the chunk and the strings sliced from it stay in cache. Measured on 2.6M bars against 16 KiB to 4 MiB
// chunks: the least CPU (about 15% less than 1 MiB) and the lowest peak memory (~60 MB less than 1 MiB).
const CHUNK_BYTES = 1 << 16

/** The fast path for canonical CSVs whose columns are all numbers after `ts` (bars, vol, funding, gas): uDSV
 * parses the file chunk by chunk and each record goes straight into preallocated Float64Array columns, so a file
 * of millions of bars never exists as an array of row objects. Row i is on line i + 2; blank lines are an error
 * (trailing ones are not read at all). A BOM, CRLF line ends and quoted fields are read as csv-parse reads them.
 * Unparsable cells become NaN and an error in `sink`.
 *
 * uDSV does not count fields: a short row runs on into the next line and a blank line is skipped. So the reader
 * counts line breaks, and when they and the records disagree, or a cell holds a comma or a line break, or a cell
 * it reads is empty (a short quoted row leaves its missing fields empty), it reads the file again with csv-parse
 * (readNumericCsvStrict), which throws a DataError at the offending line. A file csv-parse accepts keeps uDSV's
 * values if the two reads agree (a quoted line break in an ignored column); otherwise the first row where they
 * differ is a DataError.
 * @example const { series } = await readNumericCsv('data/samples/btc-usd-1h-sample.csv', 'bars', new ProblemSink()) */
export async function readNumericCsv<K extends NumericKind>(file: string, kind: K, sink: ProblemSink): Promise<ReadResult<SeriesByKind[K]>> {
  const fast = await readWithUdsv(file, kind, sink)
  if (fast.suspect) {
    // a throwaway sink: the fast pass already reported the cells; this pass is only asked whether the split holds
    const strict = await readNumericCsvStrict(file, kind, new ProblemSink())
    const row = firstDifference(fast.series, strict)
    if (row >= 0) {
      throw new DataError(file, row + 2, '(row)', 'is split into fields differently by uDSV and csv-parse', 'write one record per line: no line breaks inside quoted fields')
    }
  }
  return { series: fast.series, format: `${kind}-csv`, lineOf: (i) => i + 2, notes: [] }
}

async function readWithUdsv<K extends NumericKind>(file: string, kind: K, sink: ProblemSink): Promise<{ series: SeriesByKind[K]; suspect: boolean }> {
  const end = contentEnd(file)
  const fh = await open(file, 'r')
  let rows: NumericCsvRows<K> | undefined
  let parser: Parser | undefined
  let rowDelim = '\n'
  let lineBreaks = 0
  let closed = false // the last line already has its line break
  let ending = false
  let spilled = false // the parser handed over a record after the last line break: the last line was incomplete
  const onRow = (rec: string[]): boolean => {
    if (ending) { spilled = true; return false }
    rows!.push(rec)
    return true
  }
  try {
    // Chunks end just after a '\n' byte, so no character is split and uDSV is never left holding half a line:
    // otherwise it prepends that half to the next chunk, and reading the joined string copies the whole chunk.
    let buf = Buffer.allocUnsafe(CHUNK_BYTES)
    let carry = 0 // bytes of an unfinished line kept at the start of buf
    for (let pos = 0; pos < end;) {
      if (carry === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]) // a line longer than buf
      const { bytesRead } = await fh.read(buf, carry, Math.min(buf.length - carry, end - pos), pos)
      if (bytesRead === 0) throw new DataError(file, 1, '(file)', `ended at byte ${pos} of ${end} while it was read`, 'read it again once nothing is writing to it')
      pos += bytesRead
      const filled = carry + bytesRead
      const cut = pos >= end ? filled : buf.lastIndexOf(10, filled - 1) + 1
      if (cut === 0) { carry = filled; continue }
      // latin1 decodes ASCII to the same string as utf8 at about 5x the speed, and numeric files are ASCII
      let text = buf.toString(isAscii(buf.subarray(0, cut)) ? 'latin1' : 'utf8', 0, cut)
      buf.copyWithin(0, cut, filled)
      carry = filled - cut
      if (parser === undefined) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
        if (text.trim() === '') break
        ;({ parser, rowDelim } = startParser(text))
        // uDSV skips the header only within the first chunk(), so that chunk must hold all of it: a file that
        // is only a header gets its line break here instead of at the end
        if (pos >= end && !text.includes(rowDelim)) { text += rowDelim; closed = true }
        rows = new NumericCsvRows(file, kind, parser.schema.cols.map((c) => c.name), estimateRows(file), sink)
      }
      lineBreaks += countOf(text, rowDelim)
      parser.chunk(text, parser.stringArrs, onRow)
    }
    if (parser === undefined || rows === undefined) {
      throw new DataError(file, 1, '(header)', 'is missing: the file is empty', `write the header ${CANONICAL_COLUMNS[kind].join(',')}`)
    }
    // the content was cut before its trailing line breaks: one more ends the last record, so that every record
    // is emitted by chunk() and none is left for end(), whose end-of-input path re-reads a short last row
    if (!closed) {
      lineBreaks++
      parser.chunk(rowDelim, parser.stringArrs, onRow)
    }
    ending = true
    parser.end()
  } finally {
    await fh.close()
  }
  return { series: rows!.series(), suspect: rows!.suspect || spilled || rows!.rows !== lineBreaks - 1 }
}

// The header's line break sets the row delimiter; the column delimiter is always a comma, as csv-parse reads it
// (uDSV would otherwise take a tab, pipe or semicolon found in the header). Quotes are looked for per chunk.
function startParser(head: string): { parser: Parser; rowDelim: string } {
  const nl = head.indexOf('\n')
  const rowDelim = nl > 0 && head.charCodeAt(nl - 1) === 13 ? '\r\n' : nl >= 0 ? '\n' : head.includes('\r') ? '\r' : '\n'
  const schema = inferSchema(head.includes(rowDelim) ? head : head + rowDelim, { col: ',', row: rowDelim }, 2)
  return { parser: initParser(schema), rowDelim }
}

function countOf(text: string, what: string): number {
  let n = 0
  for (let i = text.indexOf(what); i !== -1; i = text.indexOf(what, i + what.length)) n++
  return n
}

// First row where two reads of one file differ (NaN equals NaN), or -1.
function firstDifference(a: Series, b: Series): number {
  const ra = a as unknown as Record<string, Float64Array | number>
  const rb = b as unknown as Record<string, Float64Array | number>
  let n = Math.min(a.length, b.length)
  for (const key of Object.keys(ra)) {
    const x = ra[key]
    const y = rb[key]
    if (!(x instanceof Float64Array) || !(y instanceof Float64Array)) continue
    for (let i = 0; i < n; i++) if (!Object.is(x[i], y[i])) { n = i; break }
  }
  return a.length === b.length && n === a.length ? -1 : n
}
