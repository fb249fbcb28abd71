import { existsSync, readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { InputError } from '../../engine/errors/input.ts'
import { writeFileAtomic } from '../io/writeAtomic.ts'
import { parseTimestampMs } from '../formats/timestamp.ts'

/** Appends rows to a canonical dataset CSV (header row, `ts` first) without ever leaving a half-written
 * file: each flush writes old contents plus new rows to a temporary file and renames it over the old one.
 * Opening reads the existing file's header and last `ts`, so a rerun appends only what comes after it.
 * @example const f = CsvAppender.open('out/btc-1h.csv', ['ts', 'open', 'high', 'low', 'close', 'volume'])
 * f.add(['2024-01-01T00:00:00.000Z', '42000', '42100', '41900', '42050', '12.5']); f.flush() */
export class CsvAppender {
  private contents: string
  private pending: string[] = []
  private written = 0

  private constructor(readonly path: string, readonly header: readonly string[], contents: string,
    /** Open time of the file's last row, in ms; undefined for a new or empty file. */
    readonly lastTsMs: number | undefined, readonly existingRows: number) {
    this.contents = contents
  }

  static open(path: string, header: readonly string[]): CsvAppender {
    const headerLine = header.join(',')
    if (!existsSync(path)) return new CsvAppender(path, header, `${headerLine}\n`, undefined, 0)
    let text = readFileSync(path, 'utf8')
    if (text.trim() === '') return new CsvAppender(path, header, `${headerLine}\n`, undefined, 0)
    const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')).replace(/\r$/, '')
    if (firstLine !== headerLine) {
      throw new InputError(`${path}:1`, 'header', `is "${firstLine}", expected "${headerLine}"`,
        'resume only into a file this command wrote, or choose a new --out file')
    }
    if (!text.endsWith('\n')) text += '\n'
    const lines = text.split('\n')
    lines.pop() // the empty string after the final newline
    let lastIdx = lines.length - 1
    while (lastIdx > 0 && lines[lastIdx]!.trim() === '') lastIdx--
    if (lastIdx === 0) return new CsvAppender(path, header, text, undefined, 0)
    const row = parse(lines[lastIdx]!, { relax_column_count: true }) as string[][]
    const tsText = row[0]?.[0] ?? ''
    const ts = parseTimestampMs(tsText)
    if (Number.isNaN(ts)) {
      throw new InputError(`${path}:${lastIdx + 1}`, 'ts', `is not a time, got "${tsText}"`,
        'write ISO 8601 UTC (2024-01-01T00:00:00Z) or epoch seconds/milliseconds, or move the file aside')
    }
    return new CsvAppender(path, header, text, ts, lastIdx)
  }

  /** Queues one row; values must already be formatted (no quoting needed for our numeric and id columns). */
  add(values: readonly string[]): void {
    this.pending.push(`${values.join(',')}\n`)
  }

  get pendingRows(): number { return this.pending.length }
  /** Rows this appender has written so far. */
  get rowsWritten(): number { return this.written }

  /** Writes the file with every queued row, atomically. With nothing queued it does nothing, unless
   * `createEmpty` asks for a header-only file where none exists (so `--out` exists after a run that found
   * no rows). */
  flush(o: { createEmpty?: boolean } = {}): void {
    if (this.pending.length === 0 && !(o.createEmpty === true && !existsSync(this.path))) return
    const next = this.contents + this.pending.join('')
    writeFileAtomic(this.path, next)
    this.contents = next
    this.written += this.pending.length
    this.pending = []
  }
}
