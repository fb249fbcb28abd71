import { appendFileSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { InputError } from '../../engine/errors/input.ts'
import { parseTimestampMs } from '../formats/timestamp.ts'

/** Bytes read from each end of an existing file to find its header and its last row. */
const PEEK_BYTES = 64 * 1024

/** Appends rows to a canonical dataset CSV (header row, `ts` first) without ever leaving a half-written
 * file. Each flush builds a new full file beside the old one (a copy of the old bytes plus the new rows)
 * and renames it over the old one, so a crash leaves either the old file or the new one, never a mix; the
 * copy is done by the OS, so appending to a large history costs no parsing and little memory. Opening reads
 * only the header and the last line, to learn the last `ts`: a rerun appends only what comes after it.
 * @example const f = CsvAppender.open('out/btc-1h.csv', ['ts', 'open', 'high', 'low', 'close', 'volume'])
 * f.add(['2024-01-01T00:00:00.000Z', '42000', '42100', '41900', '42050', '12.5']); f.flush() */
export class CsvAppender {
  private pending: string[] = []
  private written = 0

  private constructor(readonly path: string, readonly header: readonly string[],
    /** Open time of the file's last row, in ms; undefined for a new or header-only file. */
    readonly lastTsMs: number | undefined,
    private needsNewline: boolean) {}

  static open(path: string, header: readonly string[]): CsvAppender {
    const headerLine = header.join(',')
    if (!existsSync(path) || statSync(path).size === 0) return new CsvAppender(path, header, undefined, false)
    const { head, tail, whole } = peek(path)
    const firstLine = (head.split('\n')[0] ?? '').replace(/\r$/, '').replace(/^\uFEFF/, '')
    if (firstLine !== headerLine) {
      throw new InputError(`${path}:1`, 'header', `is "${firstLine}", expected "${headerLine}"`,
        'resume only into a file this command wrote, or choose a new --out file')
    }
    const needsNewline = !tail.endsWith('\n')
    const lines = tail.split('\n')
    let i = lines.length - 1
    while (i >= 0 && lines[i]!.trim() === '') i--
    if (i <= 0) {
      if (whole) return new CsvAppender(path, header, undefined, needsNewline) // header only
      // a tail read from mid-file starts with a partial line, so one line in it is not known to be whole
      throw new InputError(`${path}:${lineNumberOfLast(path)}`, 'row', `is longer than ${PEEK_BYTES} bytes`, 'this is not a dataset CSV this command wrote')
    }
    const last = lines[i]!.replace(/\r$/, '')
    const row = parse(last, { relax_column_count: true }) as string[][]
    const tsText = row[0]?.[0] ?? ''
    const ts = parseTimestampMs(tsText)
    if (Number.isNaN(ts)) {
      throw new InputError(`${path}:${lineNumberOfLast(path)}`, 'ts', `is not a time, got "${tsText}"`,
        'write ISO 8601 UTC (2024-01-01T00:00:00Z) or epoch seconds/milliseconds, or move the file aside')
    }
    return new CsvAppender(path, header, ts, needsNewline)
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
    const exists = existsSync(this.path)
    if (this.pending.length === 0 && !(o.createEmpty === true && !exists)) return
    const dir = dirname(this.path)
    mkdirSync(dir, { recursive: true })
    const tmp = join(dir, `.${basename(this.path)}.${process.pid}.${Date.now()}.tmp`)
    try {
      if (exists && statSync(this.path).size > 0) {
        copyFileSync(this.path, tmp)
        if (this.needsNewline) appendFileSync(tmp, '\n')
      } else {
        writeFileSync(tmp, `${this.header.join(',')}\n`)
      }
      appendFileSync(tmp, this.pending.join(''))
      renameSync(tmp, this.path)
    } catch (e) {
      rmSync(tmp, { force: true })
      throw e
    }
    this.needsNewline = false
    this.written += this.pending.length
    this.pending = []
  }
}

/** The first and last PEEK_BYTES of a file (the whole file when it is smaller). */
function peek(path: string): { head: string; tail: string; whole: boolean } {
  const size = statSync(path).size
  if (size <= PEEK_BYTES) {
    const all = readFileSync(path, 'utf8')
    return { head: all, tail: all, whole: true }
  }
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(PEEK_BYTES)
    readSync(fd, head, 0, PEEK_BYTES, 0)
    const tail = Buffer.alloc(PEEK_BYTES)
    readSync(fd, tail, 0, PEEK_BYTES, size - PEEK_BYTES)
    return { head: head.toString('utf8'), tail: tail.toString('utf8'), whole: false }
  } finally {
    closeSync(fd)
  }
}

/** 1-based line number of the last non-empty line; only on the error path, so reading the file is fine. */
function lineNumberOfLast(path: string): number {
  const lines = readFileSync(path, 'utf8').split('\n')
  let i = lines.length - 1
  while (i > 0 && lines[i]!.trim() === '') i--
  return i + 1
}
