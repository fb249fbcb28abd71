import type { SeriesKind } from '../barColumns.ts'
import { formatTimestamp } from '../formats/timestamp.ts'
import type { DataProblem, GapPolicy, ProblemCode } from './dataProblem.ts'
import { formatDuration, type GapSummary } from './validateTimes.ts'

/** The result of validating one file: what `optvault data validate` prints and every load returns. */
export interface ValidationReport {
  readonly file: string
  readonly kind: SeriesKind
  readonly format: string
  /** rows as read from the file, before any forward-fill */
  readonly rows: number
  readonly firstMs: number
  readonly lastMs: number
  /** median spacing of timestamps; NaN for chains and series with fewer than two times */
  readonly barMs: number
  readonly gapPolicy: GapPolicy
  readonly gaps: GapSummary & { readonly filled: number }
  readonly errors: number
  readonly warnings: number
  readonly byCode: Readonly<Partial<Record<ProblemCode, number>>>
  /** errors first, then warnings, each in file order; at most the first 200 */
  readonly problems: readonly DataProblem[]
  readonly notes: readonly string[]
}

/** `file:line:column` of a problem, the form editors and the DataError message use. */
export function problemWhere(file: string, p: DataProblem): string {
  return `${file}:${p.line}:${p.column}`
}

/** A problem's message, with its series row when the file is JSON (where the line alone rarely says which). */
export function problemText(format: string, p: DataProblem): string {
  return `${p.message} (value ${p.value}${format.endsWith('-json') && p.row !== undefined ? `, row ${p.row}` : ''})`
}

/** The human summary `optvault data validate` prints, listing up to `maxProblems` problems.
 * @example formatReport(report).startsWith('file: ') */
export function formatReport(r: ValidationReport, maxProblems = 20): string {
  const t = (ms: number): string => (Number.isFinite(ms) ? formatTimestamp(ms) : 'n/a')
  const g = r.gaps
  const gapText = r.kind === 'chain'
    ? 'n/a (snapshots)'
    : g.count === 0
      ? 'none'
      : `${g.count} (${g.missingBars} missing bars, largest ${formatDuration(g.largestMs)} after ${t(g.largestAfterMs)})` +
        (g.filled > 0 ? `, ${g.filled} bars forward-filled` : '')
  const lines = [
    `file: ${r.file}`,
    `kind: ${r.kind} (${r.format})`,
    `rows: ${r.rows}`,
    `first: ${t(r.firstMs)}`,
    `last: ${t(r.lastMs)}`,
    `bar size: ${r.kind === 'chain' ? 'n/a (snapshots)' : formatDuration(r.barMs)}`,
    `gaps: ${gapText} [policy: ${r.gapPolicy}]`,
    `problems: ${r.errors} error(s), ${r.warnings} warning(s)` +
      (r.errors + r.warnings > 0 ? ` (${Object.entries(r.byCode).map(([c, n]) => `${c} ${n}`).join(', ')})` : ''),
    ...r.problems.slice(0, maxProblems).map((p) => `  ${p.severity} ${problemWhere(r.file, p)} ${problemText(r.format, p)}`),
    ...(r.errors + r.warnings > maxProblems ? [`  … ${r.errors + r.warnings - maxProblems} more (use --json for the first ${r.problems.length})`] : []),
    ...r.notes.map((n) => `note: ${n}`),
  ]
  return lines.join('\n') + '\n'
}
