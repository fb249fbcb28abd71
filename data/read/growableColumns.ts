/** Float64Array columns that a reader appends rows to. Start from an estimate of the row count (file size over
 * the mean line length) so a big file usually fits without a copy; otherwise grow by half, which keeps the
 * peak at about 1.5x the final size instead of 2x. */
export class GrowableColumns {
  private cols: Float64Array[]
  length = 0
  private capacity: number

  constructor(readonly count: number, initialCapacity: number) {
    this.capacity = Math.max(16, Math.ceil(initialCapacity))
    this.cols = Array.from({ length: count }, () => new Float64Array(this.capacity))
  }

  /** The column to write row `length` into; call `ensure()` first. */
  col(i: number): Float64Array { return this.cols[i]! }

  /** Makes room for one more row. */
  ensure(): void {
    if (this.length < this.capacity) return
    const next = Math.ceil(this.capacity * 1.5)
    this.cols = this.cols.map((c) => { const g = new Float64Array(next); g.set(c); return g })
    this.capacity = next
  }

  /** The filled part of each column. Views, not copies: the spare capacity stays allocated with them, which
   * the row estimate keeps small. */
  finish(): Float64Array[] {
    return this.cols.map((c) => c.subarray(0, this.length))
  }
}
