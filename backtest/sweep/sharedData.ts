import { createHash } from 'node:crypto'
import { columnDigest } from '../../data/columnDigest.ts'
import type { BarColumns, FundingColumns, GasColumns, SeriesByKind, VolColumns } from '../../data/barColumns.ts'
import { loadSeries } from '../../data/read/loadSeries.ts'
import { sharedColumn } from '../../data/sharedColumn.ts'
import type { OptvaultConfig } from '../../engine/config/loadConfig.ts'
import { InputError } from '../../engine/errors/input.ts'

/** The series a sweep's runs read, loaded once. Every column is a Float64Array over a SharedArrayBuffer, so
 * handing SharedData to a worker thread shares the memory instead of copying it: N workers hold one copy. */
export interface SharedData {
  /** sha256 (hex) over barMs and each column's name, length and columnDigest (the sha256 of its bytes): part of each
   * run's hash, so new data never resumes old runs. Built from digests, not the bytes, so a load from the series
   * cache, which keeps each column's digest, gives it without hashing the data again. */
  readonly id: string
  readonly barMs: number
  readonly bars: BarColumns
  readonly vol?: VolColumns
  readonly funding?: FundingColumns
  readonly gas?: GasColumns
}

type Columns = Readonly<Record<string, Float64Array | number>> & { readonly length: number }
const SERIES = ['bars', 'vol', 'funding', 'gas'] as const
const BAR_MS: Readonly<Record<string, number>> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 }

/** Loads the config's data section (bars, and vol/funding/gas when named) into shared memory. */
export async function loadSharedData(config: OptvaultConfig, configFile: string): Promise<SharedData> {
  const d = config.data
  if (d === undefined) throw new InputError(configFile, 'data', 'is missing', 'add data: { bars: path/to/bars.csv } for a sweep.')
  // shared: true reads a cache hit straight into shared memory, so shareData below keeps those columns as they are
  const loaded = await loadSeries(d.bars, { kind: 'bars', gaps: d.gapPolicy, shared: true })
  const barMs = loaded.report.barMs > 0 ? loaded.report.barMs : (BAR_MS[d.barSize] as number)
  const digests: Digests = { bars: loaded.digests }
  const other = async <K extends 'vol' | 'funding' | 'gas'>(kind: K, file: string | undefined): Promise<SeriesByKind[K] | undefined> => {
    if (file === undefined) return undefined
    const l = await loadSeries(file, { kind, gaps: 'skip', shared: true })
    digests[kind] = l.digests
    return l.series
  }
  const vol = await other('vol', d.vol)
  const funding = await other('funding', d.funding)
  const gas = await other('gas', d.gas)
  return shareData({ barMs, bars: loaded.series, ...(vol ? { vol } : {}), ...(funding ? { funding } : {}), ...(gas ? { gas } : {}) }, digests)
}

/** Known columnDigests by series and column name (from the series cache). */
type Digests = { [K in (typeof SERIES)[number]]?: Readonly<Record<string, string>> | undefined }

/** Copies series into SharedArrayBuffer-backed columns (trimmed to `length`) and computes the data id. A column
 * already over a SharedArrayBuffer of exactly `length` values is kept, not copied. `digests`: columnDigests already
 * known (a series cache hit's); one is used only for a column exactly `length` long, as it covers the whole array.
 * @example shareData({ barMs: 3_600_000, bars }).id // the same for any copy of bars */
export function shareData(s: Omit<SharedData, 'id'>, digests: Digests = {}): SharedData {
  const out: Record<string, unknown> = { barMs: s.barMs }
  const h = createHash('sha256').update(`barMs=${s.barMs}`)
  for (const k of SERIES) {
    const cols = s[k] as Columns | undefined
    if (cols === undefined) continue
    const copy: Record<string, Float64Array | number> = { length: cols.length }
    for (const [name, v] of Object.entries(cols)) {
      if (!(v instanceof Float64Array)) continue
      copy[name] = sharedColumn(v, cols.length)
    }
    out[k] = copy
    for (const name of Object.keys(copy).sort()) {
      const v = cols[name]
      if (!(v instanceof Float64Array)) continue
      const known = v.length === cols.length ? digests[k]?.[name] : undefined
      h.update(`|${k}.${name}:${cols.length}|${known ?? columnDigest(v, cols.length)}`)
    }
  }
  return { ...(out as unknown as Omit<SharedData, 'id'>), id: h.digest('hex') }
}

interface WireHeader { id: string; barMs: number; series: { key: string; length: number; cols: string[] }[] }

/** SharedData as one Buffer (a JSON header, then every column's bytes), to park it in Redis for remote workers. */
export function sharedDataToBuffer(d: SharedData): Buffer {
  const header: WireHeader = { id: d.id, barMs: d.barMs, series: [] }
  const chunks: Uint8Array[] = []
  for (const k of SERIES) {
    const cols = d[k] as Columns | undefined
    if (cols === undefined) continue
    const names = Object.keys(cols).filter((n) => cols[n] instanceof Float64Array)
    header.series.push({ key: k, length: cols.length, cols: names })
    for (const n of names) { const v = cols[n] as Float64Array; chunks.push(new Uint8Array(v.buffer, v.byteOffset, cols.length * 8)) }
  }
  const json = Buffer.from(JSON.stringify(header))
  // Columns start on an 8-byte boundary so the reader can copy them straight into Float64Arrays.
  const headLen = Math.ceil((4 + json.length) / 8) * 8
  const head = Buffer.alloc(headLen)
  head.writeUInt32LE(json.length, 0)
  json.copy(head, 4)
  return Buffer.concat([head, ...chunks])
}

/** The inverse of sharedDataToBuffer, into shared memory again (a worker process shares it with its threads). */
export function sharedDataFromBuffer(buf: Buffer): SharedData {
  const jsonLen = buf.readUInt32LE(0)
  const header = JSON.parse(buf.subarray(4, 4 + jsonLen).toString('utf8')) as WireHeader
  let at = Math.ceil((4 + jsonLen) / 8) * 8
  const out: Record<string, unknown> = { id: header.id, barMs: header.barMs }
  for (const s of header.series) {
    const cols: Record<string, Float64Array | number> = { length: s.length }
    for (const n of s.cols) {
      const a = new Float64Array(new SharedArrayBuffer(s.length * 8))
      new Uint8Array(a.buffer).set(buf.subarray(at, at + s.length * 8))
      cols[n] = a
      at += s.length * 8
    }
    out[s.key] = cols
  }
  return out as unknown as SharedData
}
