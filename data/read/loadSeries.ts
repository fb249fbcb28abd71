import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs'
import { basename } from 'node:path'
import { seriesKindOf, type Series, type SeriesByKind, type SeriesKind } from '../barColumns.ts'
import { detectFormat } from '../formats/detectFormat.ts'
import { DataError } from '../../engine/errors/data.ts'
import { InputError } from '../../engine/errors/input.ts'
import { ProblemSink, type GapPolicy } from '../validate/dataProblem.ts'
import { forwardFill } from '../validate/forwardFill.ts'
import { validateSeries } from '../validate/validateSeries.ts'
import { problemText, type ValidationReport } from '../validate/validationReport.ts'
import { csvTable } from './csvTable.ts'
import { jsonRows } from './jsonRows.ts'
import { readBinanceKlinesJson } from './readBinanceKlinesJson.ts'
import { readCryptoDataDownloadCsv } from './readCryptoDataDownloadCsv.ts'
import { readYahooCsv } from './readYahooCsv.ts'
import { readChainCsv } from './readChainCsv.ts'
import { readDeribitChainCsv } from './readDeribitChainCsv.ts'
import { readNumericCsv } from './readNumericCsv.ts'
import { readDeribitDvolJson } from './readDeribitDvolJson.ts'
import { readFundingPercentJson } from './readFundingPercentJson.ts'
import { readParquet } from './readParquet.ts'
import { sharedColumn } from '../sharedColumn.ts'
import { seriesCache } from './seriesCache.ts'
import type { ReadResult } from './readResult.ts'

export interface LoadOptions<K extends SeriesKind = SeriesKind> {
  /** what the file must hold; without it the layout decides, and `[ms, value]` JSON is told apart by its values */
  readonly kind?: K
  /** what to do with gaps beyond the bar size; default `error` */
  readonly gaps?: GapPolicy
  /** throw a DataError on the first error (default true); false returns the report with the errors in it */
  readonly throwOnError?: boolean
  /** snapshot time for chain files that do not record one (Deribit instrument+ticker exports) */
  readonly snapshotMs?: number
  /** read and store parsed series in the on-disk cache (data/read/seriesCache.ts); default true, and
   * OPTVAULT_CACHE=off turns it off for every load */
  readonly cache?: boolean
  /** number columns over SharedArrayBuffers, to hand to worker threads without a copy (a sweep's data) */
  readonly shared?: boolean
}

export interface LoadedSeries<S extends Series = Series> {
  readonly series: S
  readonly report: ValidationReport
  /** columnDigest of each number column, by name, when the load came from the series cache (which keeps them) */
  readonly digests?: Readonly<Record<string, string>>
}

/** Reads any supported file (canonical CSV or Parquet, or the known source layouts: Binance/freqtrade klines
 * JSON, CryptoDataDownload CSV, Yahoo CSV, Deribit DVOL/funding JSON, Deribit chain CSVs), converts it to the
 * canonical units, validates it, and applies the gap policy. Throws DataError naming `file:line:column` on the
 * first error unless `throwOnError` is false.
 * @example const { series: bars } = await loadSeries('data/samples/btc-usd-1h-sample.csv', { kind: 'bars' }) */
export async function loadSeries<K extends SeriesKind>(file: string, o: LoadOptions<K> & { kind: K }): Promise<LoadedSeries<SeriesByKind[K]>>
export async function loadSeries(file: string, o?: LoadOptions): Promise<LoadedSeries>
export async function loadSeries(file: string, o: LoadOptions = {}): Promise<LoadedSeries> {
  const gaps = o.gaps ?? 'error'
  const cache = seriesCache(file, { kind: o.kind, gaps, snapshotMs: o.snapshotMs, cache: o.cache })
  const hit = cache?.get(file, { shared: o.shared === true })
  if (hit !== undefined) return hit
  const sink = new ProblemSink()
  const read = await readAny(file, o, sink)
  const kind = seriesKindOf(read.series)
  if (o.kind !== undefined && o.kind !== kind) {
    throw new DataError(file, 1, '(kind)', `holds ${kind} (${read.format}) but ${o.kind} was asked for`, `pass --kind ${kind}, or the right file`)
  }
  const checked = validateSeries(read.series, { sink, lineOf: read.lineOf, gaps, ...(read.columnNames ? { columnNames: read.columnNames } : {}) })
  let series = read.series
  let filled = 0
  if (gaps === 'forward-fill' && checked.gaps.count > 0) {
    const f = forwardFill(series, checked.barMs)
    series = f.series
    filled = f.filled
  }
  const report: ValidationReport = {
    file, kind, format: read.format, rows: checked.rows, firstMs: checked.firstMs, lastMs: checked.lastMs, barMs: checked.barMs,
    gapPolicy: gaps, gaps: { ...checked.gaps, filled }, errors: sink.errors, warnings: sink.warnings,
    byCode: Object.fromEntries(sink.byCode), problems: sink.sorted(), notes: read.notes,
  }
  const first = report.problems[0]
  if (o.throwOnError !== false && sink.errors > 0 && first !== undefined) {
    const more = sink.errors > 1 ? `; ${sink.errors - 1} more error(s): run \`optvault data validate ${file}\` to list them` : ''
    throw new DataError(file, first.line, first.column, problemText(read.format, first),
      (first.code === 'gap' ? 'pass --gaps skip to accept gaps or --gaps forward-fill to fill them' : 'fix the value in the file') + more)
  }
  if (sink.errors === 0) cache?.put({ series, report })
  return { series: o.shared === true ? sharedColumns(series) : series, report }
}

async function readAny(file: string, o: LoadOptions, sink: ProblemSink): Promise<ReadResult> {
  if (!existsSync(file)) throw new InputError(file, 'file', 'does not exist', 'check the path')
  const detected = detectFormat(file, readHead(file))
  if (detected === undefined) {
    throw new DataError(file, 1, '(header)', 'is not a layout optvault knows', 'see data/README.md for the canonical headers (e.g. ts,open,high,low,close,volume)')
  }
  switch (detected.format) {
    case 'parquet': return readParquet(file, o.kind, sink)
    case 'bars-csv': return readNumericCsv(file, 'bars', sink)
    case 'vol-csv': return readNumericCsv(file, 'vol', sink)
    case 'funding-csv': return readNumericCsv(file, 'funding', sink)
    case 'gas-csv': return readNumericCsv(file, 'gas', sink)
    case 'chain-csv': return readChainCsv(csvTable(file, readFileSync(file, 'utf8')), sink)
    case 'cryptodatadownload-csv': return readCryptoDataDownloadCsv(csvTable(file, readFileSync(file, 'utf8'), detected.headerLine), sink)
    case 'yahoo-csv': return readYahooCsv(csvTable(file, readFileSync(file, 'utf8')), sink)
    case 'deribit-chain-csv': return readDeribitChainCsv(csvTable(file, readFileSync(file, 'utf8')), sink, o.snapshotMs === undefined ? {} : { snapshotMs: o.snapshotMs })
    case 'binance-klines-json': return readBinanceKlinesJson(jsonRows(file, readFileSync(file, 'utf8')), sink)
    case 'deribit-dvol-candles-json': return readDeribitDvolJson(jsonRows(file, readFileSync(file, 'utf8')), sink)
    case 'pairs-json': {
      const j = jsonRows(file, readFileSync(file, 'utf8'))
      return pairsKind(file, j.rows, o.kind) === 'vol' ? readDeribitDvolJson(j, sink) : readFundingPercentJson(j, sink)
    }
  }
}

// `[ms, value]` JSON holds either DVOL in percent (tens) or funding in percent per 8h (hundredths): --kind
// decides, then the file name, then the values (a median magnitude of 1 or more can only be a vol index).
function pairsKind(file: string, rows: readonly (readonly unknown[])[], kind: SeriesKind | undefined): 'vol' | 'funding' {
  if (kind === 'vol' || kind === 'funding') return kind
  if (kind !== undefined) throw new DataError(file, 1, '(kind)', `holds [ms, value] pairs, which are vol or funding, not ${kind}`)
  if (/fund/i.test(basename(file))) return 'funding'
  if (/vol/i.test(basename(file))) return 'vol'
  const mags = rows.map((r) => Math.abs(Number(r[1]))).filter(Number.isFinite).sort((a, b) => a - b)
  return (mags[Math.floor(mags.length / 2)] ?? 0) >= 1 ? 'vol' : 'funding'
}

function readHead(file: string): string {
  const buf = Buffer.alloc(8192)
  const fd = openSync(file, 'r')
  try {
    const n = readSync(fd, buf, 0, buf.length, 0)
    return buf.subarray(0, n).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

/** The series with every Float64Array column over a SharedArrayBuffer of its exact length. */
function sharedColumns<S extends Series>(series: S): S {
  const out: Record<string, unknown> = {}
  for (const [name, v] of Object.entries(series)) {
    out[name] = v instanceof Float64Array ? sharedColumn(v) : v
  }
  return out as S
}
