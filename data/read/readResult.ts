import type { Series } from '../barColumns.ts'

/** What a reader hands the loader: the series, where each row came from, and the source's column names. */
export interface ReadResult<S extends Series = Series> {
  readonly series: S
  /** name of the source format that was read, e.g. `bars-csv`, `binance-klines-json` */
  readonly format: string
  /** 1-based line in the file of row i (rows of newest-first files are reversed, so this is not monotonic there) */
  readonly lineOf: (row: number) => number
  /** canonical column -> the name the source uses, so problems name the column the user sees */
  readonly columnNames?: Readonly<Record<string, string>>
  /** facts about the conversion worth printing (units converted, rows reversed, assumed snapshot time) */
  readonly notes: readonly string[]
}
