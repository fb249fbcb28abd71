import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { InputError } from '../../errors/input.ts'

/** Log returns of the closes in a bar CSV strictly before a time, for the margin vol buffer's forecast. */
export interface PastReturns {
  /** ln(close[i] / close[i-1]) per bar, oldest first; only bars with ts < beforeMs enter, so no future price leaks in. */
  readonly returns: Float64Array
  /** Bars per 365-day year, from the median spacing of the timestamps used (8760 for hourly bars). */
  readonly periodsPerYear: number
  /** Time of the last close used, ms UTC. */
  readonly lastMs: number
}

/** Reads `ts` and `close` from a CSV with a header (the bar format of data/samples/btc-usd-1h-sample.csv; other
 * columns are ignored) and returns the log returns of the closes strictly before `beforeMs`. Every problem is an
 * InputError at file:line naming the column.
 * @example readPastReturns('data/samples/btc-usd-1h-sample.csv', Date.parse('2024-06-01T08:00:00Z')).returns.length // 3679 */
export function readPastReturns(file: string, beforeMs: number): PastReturns {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new InputError(file, 'returnsFile', `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      'give a bar CSV with ts and close columns, relative to the portfolio file')
  }
  let rows: string[][]
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][]
  } catch (e) {
    const line = (e as { lines?: number }).lines
    throw new InputError(line === undefined ? file : `${file}:${line}`, '(csv)', `is not valid CSV: ${(e as Error).message}`)
  }
  const header = (rows[0] ?? []).map((h) => h.trim())
  const tsCol = header.indexOf('ts')
  const closeCol = header.indexOf('close')
  if (tsCol < 0 || closeCol < 0) {
    throw new InputError(`${file}:1`, tsCol < 0 ? 'ts' : 'close', 'column is missing', `the header must name ts and close, got "${header.join(',')}"`)
  }
  const times: number[] = []
  const closes: number[] = []
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i] as string[]
    const where = `${file}:${i + 1}`
    const tsText = (row[tsCol] ?? '').trim()
    const tMs = /^\d+$/.test(tsText) ? Number(tsText) : Date.parse(tsText)
    if (!Number.isFinite(tMs) || (!/^\d+$/.test(tsText) && !/(Z|[+-]\d\d:\d\d)$/.test(tsText))) {
      throw new InputError(where, 'ts', `must be an ISO 8601 UTC time or ms since the epoch, got "${tsText}"`)
    }
    const last = times.at(-1)
    if (last !== undefined && !(tMs > last)) throw new InputError(where, 'ts', `must be after the row above (${new Date(last).toISOString()})`)
    if (tMs >= beforeMs) break // the forecast sees the past only
    const close = Number(row[closeCol])
    if (!(close > 0) || !Number.isFinite(close)) throw new InputError(where, 'close', `must be a positive price, got "${row[closeCol]}"`)
    times.push(tMs)
    closes.push(close)
  }
  if (closes.length < 3) {
    throw new InputError(file, 'returnsFile', `has ${closes.length} closes before ${new Date(beforeMs).toISOString()}, too few to forecast`,
      'give bars that end before market.time')
  }
  const returns = new Float64Array(closes.length - 1)
  const gaps = new Float64Array(closes.length - 1)
  for (let i = 1; i < closes.length; i++) {
    returns[i - 1] = Math.log((closes[i] as number) / (closes[i - 1] as number))
    gaps[i - 1] = (times[i] as number) - (times[i - 1] as number)
  }
  gaps.sort()
  const medianGapMs = gaps[gaps.length >> 1] as number
  return { returns, periodsPerYear: (365 * 86_400_000) / medianGapMs, lastMs: times.at(-1) as number }
}
