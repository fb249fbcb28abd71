/** One thing wrong with a dataset, at a 1-based file line and a column. Errors stop a load; warnings
 * (gaps under the `skip` or `forward-fill` policy, a chain snapshot with no recorded time) are reported only. */
export interface DataProblem {
  readonly severity: 'error' | 'warning'
  readonly code: ProblemCode
  /** 1-based line in the file (for JSON, the line where the array element starts; for Parquet, the row number) */
  readonly line: number
  /** 1-based row of the series (oldest first), when known: JSON files often hold every row on line 1 */
  readonly row?: number
  /** the column as the file names it, e.g. `low`, or `ts` */
  readonly column: string
  /** the offending value as text */
  readonly value: string
  /** what is wrong, without the location: `is above high 29000` */
  readonly message: string
}

export type ProblemCode =
  | 'parse' | 'unsorted' | 'duplicate' | 'gap' | 'ohlc' | 'price' | 'bid-ask' | 'iv-range' | 'value' | 'expired'

/** The policy for gaps, i.e. spacings longer than the bar size: `error` stops the load, `skip` keeps the gap
 * and warns, `forward-fill` inserts the missing bars (flat at the previous close, zero volume) and warns. */
export type GapPolicy = 'error' | 'skip' | 'forward-fill'
export const GAP_POLICIES: readonly GapPolicy[] = ['error', 'skip', 'forward-fill']

/** Collects problems: counts every one, keeps the first `keep` errors and the first `keep` warnings for the
 * report, so a file with millions of bad rows does not make millions of objects, and thousands of gap
 * warnings never crowd out the error a load must throw. */
export class ProblemSink {
  private readonly keptErrors: DataProblem[] = []
  private readonly keptWarnings: DataProblem[] = []
  errors = 0
  warnings = 0
  readonly byCode = new Map<ProblemCode, number>()
  constructor(readonly keep = 200) {}

  // A cell that did not parse is reported once, by the reader, not again as "not a finite number".
  private readonly unparsed = new Set<string>()

  add(p: DataProblem): void {
    const key = `${p.line}:${p.column}`
    if (p.code === 'parse') this.unparsed.add(key)
    else if (this.unparsed.has(key)) return
    if (p.severity === 'error') this.errors++
    else this.warnings++
    this.byCode.set(p.code, (this.byCode.get(p.code) ?? 0) + 1)
    const kept = p.severity === 'error' ? this.keptErrors : this.keptWarnings
    if (kept.length < this.keep) kept.push(p)
  }

  /** Errors first, then warnings, each in file order: the first error is the one a load throws. */
  sorted(): DataProblem[] {
    const byLine = (a: DataProblem, b: DataProblem): number => a.line - b.line || (a.row ?? 0) - (b.row ?? 0)
    return [...[...this.keptErrors].sort(byLine), ...[...this.keptWarnings].sort(byLine)]
  }
}
