import { DataError } from '../../engine/errors/data.ts'
import type { ProblemSink } from '../validate/dataProblem.ts'
import { epochToMs } from '../formats/timestamp.ts'

/** A JSON file holding one array of row arrays (`[[ms, o, h, l, c, v], …]`), with the 1-based line each row
 * starts on, so problems can name a line even in pretty-printed files. */
export interface JsonRows {
  readonly rows: readonly (readonly unknown[])[]
  readonly lines: Int32Array
}

/** Parses the text and finds each row's line. Throws DataError if it is not JSON or not an array of arrays.
 * @example jsonRows('dvol.json', '[[1667692800000, 56.76]]').rows[0] // [1667692800000, 56.76] */
export function jsonRows(file: string, text: string): JsonRows {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    const pos = /position (\d+)/.exec(String((e as Error).message))
    const line = pos === null ? 1 : lineAt(text, Number(pos[1]))
    throw new DataError(file, line, '(json)', `is not valid JSON: ${(e as Error).message}`, undefined)
  }
  if (!Array.isArray(data)) throw new DataError(file, 1, '(json)', 'must be an array of rows like [[ms, value], …]')
  const lines = rowStartLines(text, data.length)
  data.forEach((r, i) => {
    if (!Array.isArray(r)) throw new DataError(file, lines[i]!, `[${i}]`, `must be an array like [ms, value], got ${JSON.stringify(r)?.slice(0, 40)}`)
  })
  return { rows: data as unknown[][], lines }
}

/** A number cell of a JSON row: numbers and numeric strings (Binance's raw klines quote prices as strings).
 * @example jsonNumber('28923.63', sink, 3, 'open') // 28923.63 */
export function jsonNumber(v: unknown, sink: ProblemSink, line: number, column: string): number {
  if (typeof v === 'number') return v
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(+v)) return +v
  sink.add({ severity: 'error', code: 'parse', line, column, value: JSON.stringify(v) ?? 'undefined', message: 'is not a number' })
  return NaN
}

/** Time (element 0, epoch by the 1e11 rule) and one value column of each row, for `[ms, value]` layouts.
 * @example jsonPairs(jsonRows('d.json', '[[1667692800000, 56.76]]'), sink, 1, 'dvol [1]').value[0] // 56.76 */
export function jsonPairs(j: JsonRows, sink: ProblemSink, valueAt: number, column: string): { tMs: Float64Array; value: Float64Array } {
  const n = j.rows.length
  const tMs = new Float64Array(n)
  const value = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const r = j.rows[i]!
    tMs[i] = epochToMs(jsonNumber(r[0], sink, j.lines[i]!, 'ms [0]'))
    value[i] = jsonNumber(r[valueAt], sink, j.lines[i]!, column)
  }
  return { tMs, value }
}

// Walks the text once, counting newlines and bracket depth, and records the line where each element of the
// top-level array opens. Strings are skipped so a "[" inside one does not count.
function rowStartLines(text: string, count: number): Int32Array {
  const lines = new Int32Array(count)
  let line = 1
  let depth = 0
  let k = 0
  let inString = false
  let expect = false // the next non-blank character at depth 1 opens an element
  for (let i = 0; i < text.length && k < count; i++) {
    const c = text.charCodeAt(i)
    if (c === 10) line++
    if (inString) {
      if (c === 92 /* \ */) i++
      else if (c === 34 /* " */) inString = false
      continue
    }
    if (c <= 32) continue
    if (depth === 1 && c === 44 /* , */) { expect = true; continue }
    if (depth === 1 && expect) { lines[k++] = line; expect = false }
    if (c === 34) inString = true
    else if (c === 91 /* [ */ || c === 123 /* { */) { if (depth === 0) expect = true; depth++ }
    else if (c === 93 || c === 125) depth--
  }
  return lines
}

function lineAt(text: string, pos: number): number {
  let line = 1
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++
  return line
}
