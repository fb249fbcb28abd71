import { extname } from 'node:path'
import type { SeriesKind } from '../barColumns.ts'

/** Every file layout the loader reads. The canonical ones are `<kind>-csv` and `<kind>-parquet`. */
export type SourceFormat =
  | 'bars-csv' | 'vol-csv' | 'chain-csv' | 'funding-csv' | 'gas-csv' | 'parquet'
  | 'binance-klines-json' | 'pairs-json' | 'deribit-dvol-candles-json'
  | 'cryptodatadownload-csv' | 'yahoo-csv' | 'deribit-chain-csv'

export interface Detected {
  readonly format: SourceFormat
  /** the kind the layout implies; undefined when only the values can tell (`[ms, value]` JSON, Parquet) */
  readonly kind: SeriesKind | undefined
  /** 1-based line of the CSV header */
  readonly headerLine: number
}

/** Decides a file's layout from its extension and its first bytes (`head`, a few KiB is plenty):
 * Parquet by `.parquet` or the `PAR1` magic; JSON by a leading `[` (six-element rows are klines, five are
 * Deribit candles, two are `[ms, value]` pairs); CSV by its header: a CryptoDataDownload banner, Yahoo's
 * `Date,Open,…`, Deribit's `instrument_name`, else the canonical header of a kind.
 * @example detectFormat('x.csv', 'ts,open,high,low,close,volume\n…').format // 'bars-csv' */
export function detectFormat(file: string, head: string): Detected | undefined {
  if (extname(file).toLowerCase() === '.parquet' || head.startsWith('PAR1')) return { format: 'parquet', kind: undefined, headerLine: 0 }
  const trimmed = head.trimStart()
  if (trimmed.startsWith('[')) {
    const m = /^\[\s*\[([^\]]*)\]/.exec(trimmed)
    const width = m === null ? 0 : m[1]!.split(',').length
    if (width >= 6) return { format: 'binance-klines-json', kind: 'bars', headerLine: 0 }
    if (width === 5) return { format: 'deribit-dvol-candles-json', kind: 'vol', headerLine: 0 }
    return { format: 'pairs-json', kind: undefined, headerLine: 0 }
  }
  const lines = head.replace(/^\uFEFF/, '').split(/\r?\n/)
  const banner = /cryptodatadownload/i.test(lines[0] ?? '')
  const headerLine = banner ? 2 : 1
  const header = (lines[headerLine - 1] ?? '').split(',').map((h) => h.trim())
  const has = (...cs: string[]): boolean => cs.every((c) => header.includes(c))
  if (banner || has('unix', 'open', 'close')) return { format: 'cryptodatadownload-csv', kind: 'bars', headerLine }
  if (has('Date', 'Open', 'High', 'Low', 'Close')) return { format: 'yahoo-csv', kind: 'bars', headerLine }
  if (has('instrument_name')) return { format: 'deribit-chain-csv', kind: 'chain', headerLine }
  if (has('ts', 'open', 'high', 'low', 'close')) return { format: 'bars-csv', kind: 'bars', headerLine }
  if (has('ts', 'instrument')) return { format: 'chain-csv', kind: 'chain', headerLine }
  if (has('ts', 'vol')) return { format: 'vol-csv', kind: 'vol', headerLine }
  if (has('ts', 'rate')) return { format: 'funding-csv', kind: 'funding', headerLine }
  if (has('ts', 'gwei')) return { format: 'gas-csv', kind: 'gas', headerLine }
  return undefined
}
