import { InputError } from '../../engine/errors/input.ts'

/** Throws InputError unless the first `length` timestamps are finite and non-decreasing (or, with
 * `strict`, increasing). `source` names the series in the message (a file name, or 'left'/'right').
 * @example checkTimes(bars.tMs, bars.length, 'btc-1h.csv', true) */
export function checkTimes(tMs: Float64Array, length: number, source: string, strict: boolean): void {
  let prev = -Infinity
  for (let i = 0; i < length; i++) {
    const t = tMs[i] as number
    if (!Number.isFinite(t)) throw new InputError(`${source} index ${i} (0-based)`, 'ts', `is not a finite time (got ${t})`)
    if (t < prev || (strict && t === prev)) {
      const what = t === prev ? 'repeats the previous timestamp' : 'is earlier than the previous row'
      throw new InputError(`${source} index ${i} (0-based)`, 'ts', `${what} (${iso(t)}, previous row ${iso(prev)})`,
        strict ? 'sort the rows by time and remove duplicates first' : 'sort the rows by time first')
    }
    prev = t
  }
}

const iso = (t: number): string => new Date(t).toISOString()
