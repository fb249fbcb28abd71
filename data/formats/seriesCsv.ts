import { stringify } from 'csv-stringify/sync'
import type { ChainColumns, Series } from '../barColumns.ts'
import { seriesKindOf } from '../barColumns.ts'
import { writeFileAtomic } from '../io/writeAtomic.ts'
import { CANONICAL_COLUMNS } from './canonicalColumns.ts'
import { formatTimestamp } from './timestamp.ts'

/** A series as canonical CSV text: the kind's header, `ts` as `YYYY-MM-DDTHH:mm:ss.sssZ`, numbers in their
 * shortest round-trip form (so reading the text back gives the same doubles), NaN as an empty cell.
 * @example seriesToCsv({ length: 1, tMs: new Float64Array([0]), vol: new Float64Array([0.55]) }) // 'ts,vol\n1970-01-01T00:00:00.000Z,0.55\n' */
export function seriesToCsv(series: Series): string {
  const kind = seriesKindOf(series)
  const n = series.length
  const cell = (v: number): string => (Number.isNaN(v) ? '' : String(v))
  if (kind === 'chain') {
    const c = series as ChainColumns
    const rows: string[][] = [[...CANONICAL_COLUMNS.chain]]
    for (let i = 0; i < n; i++) {
      rows.push([formatTimestamp(c.tMs[i]!), c.instrument[i]!, formatTimestamp(c.expiryMs[i]!), cell(c.strike[i]!), c.isCall[i] === 1 ? 'call' : 'put',
        ...[c.bid, c.ask, c.mark, c.bidIv, c.askIv, c.markIv, c.underlyingPrice, c.openInterest].map((col) => cell(col[i]!))])
    }
    return stringify(rows)
  }
  const names = CANONICAL_COLUMNS[kind] as readonly string[]
  const cols = names.slice(1).map((name) => (series as unknown as Record<string, Float64Array>)[name]!)
  const parts: string[] = [names.join(',')]
  for (let i = 0; i < n; i++) {
    let line = formatTimestamp(series.tMs[i]!)
    for (const col of cols) line += ',' + cell(col[i]!)
    parts.push(line)
  }
  return parts.join('\n') + '\n'
}

/** Writes a series as canonical CSV, whole or not at all (writeFileAtomic).
 * @example writeSeriesCsv('out/bars.csv', bars) */
export function writeSeriesCsv(path: string, series: Series): void {
  writeFileAtomic(path, seriesToCsv(series))
}
