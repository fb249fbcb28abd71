/** The per-bar output columns of one backtest at a time, kept for the next run in the same thread. A sweep runs
 * many backtests of the same length back to back, and fresh columns (~11 MB per 130k bars) were page-faulted in
 * anew on most runs in a pool thread, whose freed memory goes back to the kernel (measured: 10-20k minor faults per
 * 16-run sweep, ~3k with reuse). A run's columns are valid until the next run that takes the same ColumnReuse:
 * whoever keeps a result past that must copy what it keeps. Columns come back holding the previous run's values:
 * runBacktest writes every bar of each.
 * @example const reuse = new ColumnReuse(); await runBacktest({ ...input, columns: reuse }) // then the next run */
export class ColumnReuse {
  private readonly f64: Float64Array[] = []
  private readonly i32: Int32Array[] = []
  private f64At = 0
  private i32At = 0

  /** Starts a run: every column is free again. */
  begin(): void {
    this.f64At = 0
    this.i32At = 0
  }

  float64(n: number): Float64Array {
    const k = this.f64At++
    const a = this.f64[k]
    if (a !== undefined && a.length === n) return a
    return (this.f64[k] = new Float64Array(n))
  }

  int32(n: number): Int32Array {
    const k = this.i32At++
    const a = this.i32[k]
    if (a !== undefined && a.length === n) return a
    return (this.i32[k] = new Int32Array(n))
  }
}
