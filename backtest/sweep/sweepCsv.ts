import { existsSync, readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { InputError } from '../../engine/errors/input.ts'
import type { ParamValue } from './gridAxis.ts'
import type { SweepRow } from './sweepRow.ts'
import { METRIC_COLUMNS } from './summaryMetrics.ts'

const WF_COLUMNS = ['phase', 'window', 'from', 'to'] as const

/** The header of sweep.csv: parameters, walk-forward columns when there are any, metrics, then hash and error. */
export function sweepCsvColumns(paramPaths: readonly string[], walkForward: boolean): string[] {
  return [...paramPaths, ...(walkForward ? WF_COLUMNS : []), ...METRIC_COLUMNS, 'hash', 'error']
}

/** sweep.csv text: one row per run, numbers in full precision, empty cells for a failed run's metrics. */
export function sweepCsvText(paramPaths: readonly string[], rows: readonly SweepRow[], walkForward: boolean): string {
  const cols = sweepCsvColumns(paramPaths, walkForward)
  const body = rows.map((r) => [
    ...paramPaths.map((p) => cell(r.params[p])),
    ...(walkForward ? [r.phase ?? '', r.window ?? '', iso(r.fromMs), iso(r.toMs)] : []),
    ...METRIC_COLUMNS.map((m) => cell(r.metrics[m])),
    r.hash, r.error ?? '',
  ])
  return stringify([cols, ...body])
}

/** Rows of an existing sweep.csv by hash, for resume; no file gives an empty map. A file that is not a
 * sweep.csv is bad input rather than something to overwrite. */
export function readSweepCsv(file: string, paramPaths: readonly string[]): Map<string, SweepRow> {
  const out = new Map<string, SweepRow>()
  if (!existsSync(file)) return out
  const records = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[]
  if (records.length > 0 && !('hash' in (records[0] as object))) {
    throw new InputError(file, 'sweep.csv', 'has no hash column, so it was not written by optvault sweep', 'choose another --out folder.')
  }
  for (const r of records) {
    const metrics: Record<string, number | null> = {}
    for (const m of METRIC_COLUMNS) metrics[m] = r[m] === undefined || r[m] === '' ? null : Number(r[m])
    const params: Record<string, ParamValue> = {}
    for (const p of paramPaths) if (r[p] !== undefined) params[p] = value(r[p])
    const hash = r.hash as string
    out.set(hash, {
      hash, params, metrics,
      ...(r.error ? { error: r.error } : {}),
      ...(r.phase === 'train' || r.phase === 'test' ? { phase: r.phase, window: Number(r.window), fromMs: Date.parse(r.from as string), toMs: Date.parse(r.to as string) } : {}),
    })
  }
  return out
}

function cell(v: ParamValue | number | null | undefined): string {
  if (v === null || v === undefined) return ''
  return String(v)
}

function iso(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString()
}

function value(s: string): ParamValue {
  if (s === 'true') return true
  if (s === 'false') return false
  const n = Number(s)
  return s !== '' && Number.isFinite(n) ? n : s
}
