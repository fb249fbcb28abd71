import type { BarColumns, VolColumns } from '../barColumns.ts'

// Number -> text is JavaScript's shortest round-trip form, which the language specifies exactly, so equal
// columns always give equal bytes (and a reader gets back the very same doubles).

/** The canonical bars CSV (`ts,open,high,low,close,volume`, ts = bar open as `YYYY-MM-DDTHH:mm:ss.sssZ`,
 * LF line ends, trailing newline).
 * @example barsCsvText(bars).split('\n')[0] // 'ts,open,high,low,close,volume' */
export function barsCsvText(b: BarColumns): string {
  const lines: string[] = ['ts,open,high,low,close,volume']
  for (let i = 0; i < b.length; i++) {
    lines.push(`${new Date(b.tMs[i] as number).toISOString()},${b.open[i]},${b.high[i]},${b.low[i]},${b.close[i]},${b.volume[i]}`)
  }
  return lines.join('\n') + '\n'
}

/** The canonical vol CSV (`ts,vol`, vol annualised as a fraction), same conventions as `barsCsvText`.
 * @example volCsvText(vol).split('\n')[0] // 'ts,vol' */
export function volCsvText(v: VolColumns): string {
  const lines: string[] = ['ts,vol']
  for (let i = 0; i < v.length; i++) lines.push(`${new Date(v.tMs[i] as number).toISOString()},${v.vol[i]}`)
  return lines.join('\n') + '\n'
}
