/** Float64Array columns that a reader appends rows to. Start from an estimate of the row count (file size over
 * the mean line length) so a big file usually fits without a copy; otherwise grow by half, which keeps the
 * peak at about 1.5x the final size instead of 2x. */
export class GrowableColumns {
  private cols: Float64Array[]
  length = 0
  private cap: number

  constructor(readonly count: number, initialCapacity: number) {
    this.cap = Math.max(16, Math.ceil(initialCapacity))
    this.cols = Array.from({ length: count }, () => new Float64Array(this.cap))
  }

  /** Rows the columns hold before `ensure()` has to copy them. */
  get capacity(): number { return this.cap }

  /** The column to write row `length` into; call `ensure()` first. */
  col(i: number): Float64Array { return this.cols[i]! }

  /** All columns, for a hot loop that keeps them in locals; fetch them again after `ensure()` returns true. */
  all(): readonly Float64Array[] { return this.cols }

  /** Makes room for one more row. True when that replaced the arrays, so references from `col()` or `all()`
   * taken before are stale. */
  ensure(): boolean {
    if (this.length < this.cap) return false
    const next = Math.ceil(this.cap * 1.5)
    this.cols = this.cols.map((c) => { const g = new Float64Array(next); g.set(c); return g })
    this.cap = next
    return true
  }

  /** The filled part of each column. Views, not copies: the spare capacity stays allocated with them, which
   * the row estimate keeps small. */
  finish(): Float64Array[] {
    return this.cols.map((c) => c.subarray(0, this.length))
  }
}
