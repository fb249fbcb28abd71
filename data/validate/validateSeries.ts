import type { BarColumns, ChainColumns, Series, SeriesKind } from '../barColumns.ts'
import { seriesKindOf } from '../barColumns.ts'
import type { GapPolicy, ProblemSink } from './dataProblem.ts'
import { checkTimes, type TimeSummary } from './validateTimes.ts'
import { checkChain } from './validateChain.ts'

export interface ValidateOptions {
  readonly sink: ProblemSink
  /** 1-based file line of row i, so problems point into the file the user has open */
  readonly lineOf: (row: number) => number
  readonly gaps: GapPolicy
  /** canonical column -> the name the source file uses (`low` -> `Low` for Yahoo); defaults to canonical */
  readonly columnNames?: Readonly<Record<string, string>>
}

/** Checks a series of any kind: timestamps (sorted, unique, gaps beyond the bar size) and values (OHLC
 * consistency, non-positive or non-finite prices, vol range; for chains bid <= ask and IV in (0, 10]).
 * Adds each problem to `o.sink` and returns the time summary.
 * @example const sink = new ProblemSink(); validateSeries(bars, { sink, lineOf: (i) => i + 2, gaps: 'skip' }) */
export function validateSeries(series: Series, o: ValidateOptions): TimeSummary & { kind: SeriesKind } {
  const kind = seriesKindOf(series)
  const col = (c: string): string => o.columnNames?.[c] ?? c
  const times = checkTimes(series.tMs, series.length, { sink: o.sink, lineOf: o.lineOf, column: col('ts'), gaps: o.gaps, snapshots: kind === 'chain' })
  const positive = (values: Float64Array, column: string, what: string, allowZero = false): void => {
    for (let i = 0; i < series.length; i++) {
      const v = values[i]!
      if (Number.isFinite(v) && (allowZero ? v >= 0 : v > 0)) continue
      o.sink.add({ severity: 'error', code: kind === 'bars' && column !== 'volume' ? 'price' : 'value', line: o.lineOf(i), row: i + 1, column: col(column), value: String(v),
        message: Number.isFinite(v) ? `must be ${allowZero ? 'zero or more' : 'above zero'}, got ${v}` : `is not a finite number (${what})` })
    }
  }
  switch (kind) {
    case 'bars': {
      const b = series as BarColumns
      for (const c of ['open', 'high', 'low', 'close'] as const) positive(b[c], c, 'price in quote currency')
      positive(b.volume, 'volume', 'volume in base units', true)
      checkOhlc(b, o.sink, o.lineOf, col)
      break
    }
    case 'vol': {
      const v = (series as { vol: Float64Array }).vol
      positive(v, 'vol', 'annualised vol as a fraction')
      for (let i = 0; i < series.length; i++) {
        if (v[i]! > 10) o.sink.add({ severity: 'error', code: 'value', line: o.lineOf(i), row: i + 1, column: col('vol'), value: String(v[i]),
          message: 'is above 10 (1000% vol): vol is a fraction, write DVOL 55.3 as 0.553' })
      }
      break
    }
    case 'funding': {
      const r = (series as { rate: Float64Array }).rate
      for (let i = 0; i < series.length; i++) {
        const x = r[i]!
        if (!Number.isFinite(x) || Math.abs(x) >= 1) o.sink.add({ severity: 'error', code: 'value', line: o.lineOf(i), row: i + 1, column: col('rate'), value: String(x),
          message: Number.isFinite(x) ? 'is 100% or more per funding interval: rate is a fraction, 0.0001 = 0.01%' : 'is not a finite number' })
      }
      break
    }
    case 'gas':
      positive((series as { gwei: Float64Array }).gwei, 'gwei', 'gas price in gwei', true)
      break
    case 'chain':
      checkChain(series as ChainColumns, o.sink, o.lineOf, col)
      break
  }
  return { ...times, kind }
}

function checkOhlc(b: BarColumns, sink: ProblemSink, lineOf: (i: number) => number, col: (c: string) => string): void {
  for (let i = 0; i < b.length; i++) {
    const o = b.open[i]!
    const h = b.high[i]!
    const l = b.low[i]!
    const c = b.close[i]!
    // NaN compares false, so a row with a missing price passes here; the positive-price check has flagged it
    if (l > o || l > c || l > h) {
      const above = l > h ? `high ${h}` : l > o ? `open ${o}` : `close ${c}`
      sink.add({ severity: 'error', code: 'ohlc', line: lineOf(i), row: i + 1, column: col('low'), value: String(l), message: `is above ${above}: low must be <= open, close <= high` })
    } else if (h < o || h < c) {
      sink.add({ severity: 'error', code: 'ohlc', line: lineOf(i), row: i + 1, column: col('high'), value: String(h),
        message: `is below ${h < o ? `open ${o}` : `close ${c}`}: high must be >= open, close >= low` })
    }
  }
}
