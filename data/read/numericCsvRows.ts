import type { SeriesByKind } from '../barColumns.ts'
import { CANONICAL_COLUMNS } from '../formats/canonicalColumns.ts'
import { parseDecimal } from '../formats/parseDecimal.ts'
import { parseTimestampMs } from '../formats/timestamp.ts'
import { DataError } from '../../engine/errors/data.ts'
import type { ProblemSink } from '../validate/dataProblem.ts'
import { GrowableColumns } from './growableColumns.ts'

export type NumericKind = 'bars' | 'vol' | 'funding' | 'gas'

/** The records of a canonical numeric CSV (bars, vol, funding, gas) turned into Float64Array columns, one
 * `push` per record. Row i is on line i + 2: readers guarantee one record per line, so no per-record line
 * number is carried. An unparsable cell becomes NaN and an error in `sink` naming its line and column; an
 * empty cell becomes NaN without one, and validation reports it as not finite.
 * @example const rows = new NumericCsvRows('v.csv', 'vol', ['ts', 'vol'], 2, sink); rows.push(['2024-01-01', '0.55']) */
export class NumericCsvRows<K extends NumericKind = NumericKind> {
  private readonly names: readonly string[]
  private readonly width: number
  private readonly at: Int32Array // position of canonical column j in the file's records
  private readonly cols: GrowableColumns
  private arrs: readonly Float64Array[]
  private readonly lastUnread: number // the record's last field when no canonical column reads it, else -1
  rows = 0
  /** A cell that did not parse held a comma, a line break or a quote, or a used cell was empty: the record may
   * not be one well-formed line (a short or long row split by a parser that does not count fields, a stray
   * quote), so a strict parse should decide. */
  suspect = false

  constructor(file: string, readonly kind: K, header: readonly string[], capacity: number, private readonly sink: ProblemSink) {
    const names = CANONICAL_COLUMNS[kind]
    const trimmed = header.map((h) => h.trim())
    this.names = names
    this.width = names.length
    this.at = new Int32Array(this.width)
    names.forEach((c, j) => {
      const i = trimmed.indexOf(c)
      if (i < 0) throw new DataError(file, 1, c, `is missing from the header (${trimmed.join(',')})`, `a ${kind} CSV has the columns ${names.join(',')}`)
      this.at[j] = i
    })
    this.lastUnread = this.at.includes(header.length - 1) ? -1 : header.length - 1
    this.cols = new GrowableColumns(this.width, capacity)
    this.arrs = this.cols.all()
  }

  /** Appends one record (the file's fields in file order). */
  push(rec: readonly string[]): void {
    const row = this.rows
    if (this.cols.ensure()) this.arrs = this.cols.all()
    const at = this.at
    const arrs = this.arrs
    const tText = rec[at[0]!]!
    const t = parseTimestampMs(tText)
    if (t !== t) this.badTime(row, tText)
    arrs[0]![row] = t
    for (let j = 1; j < this.width; j++) {
      const text = rec[at[j]!]!
      let v = parseDecimal(text) // '' and '  ' are 0 here, as with Number(), hence the length check
      if (v !== v || text.length === 0) v = this.badNumber(row, j, text)
      arrs[j]![row] = v
    }
    // a field the readers ignore can still hide a long row: its text then runs on to the line's next comma
    if (this.lastUnread >= 0 && rec[this.lastUnread]!.includes(',')) this.suspect = true
    this.rows = row + 1
    this.cols.length = row + 1
  }

  /** The series, its columns views of the filled rows. */
  series(): SeriesByKind[K] {
    const c = this.cols.finish()
    return Object.fromEntries([['length', this.rows], ['tMs', c[0]], ...this.names.slice(1).map((n, j) => [n, c[j + 1]])]) as unknown as SeriesByKind[K]
  }

  private badTime(row: number, text: string): void {
    this.check(text)
    this.sink.add({ severity: 'error', code: 'parse', line: row + 2, column: 'ts', value: text, message: `is not a timestamp: "${text}" (ISO 8601 UTC or epoch seconds/ms)` })
  }

  private badNumber(row: number, j: number, text: string): number {
    this.check(text)
    if (text !== '') this.sink.add({ severity: 'error', code: 'parse', line: row + 2, column: this.names[j]!, value: text, message: `is not a number: "${text}"` })
    return NaN
  }

  private check(text: string): void {
    // a quote inside a cell is a quoting error csv-parse names ("Invalid Opening Quote"), so it decides that too
    if (text === '' || text.includes(',') || text.includes('\n') || text.includes('\r') || text.includes('"')) this.suspect = true
  }
}
