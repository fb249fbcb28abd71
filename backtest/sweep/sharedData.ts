import { createHash } from 'node:crypto'
import type { BarColumns, FundingColumns, GasColumns, VolColumns } from '../../data/barColumns.ts'
import { loadSeries } from '../../data/read/loadSeries.ts'
import { sharedColumn } from '../../data/sharedColumn.ts'
import type { OptvaultConfig } from '../../engine/config/loadConfig.ts'
import { InputError } from '../../engine/errors/input.ts'

/** The series a sweep's runs read, loaded once. Every column is a Float64Array over a SharedArrayBuffer, so
 * handing SharedData to a worker thread shares the memory instead of copying it: N workers hold one copy. */
export interface SharedData {
  /** sha256 (hex) of barMs and every column's bytes: part of each run's hash, so new data never resumes old runs. */
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
  const vol = d.vol !== undefined ? (await loadSeries(d.vol, { kind: 'vol', gaps: 'skip', shared: true })).series : undefined
  const funding = d.funding !== undefined ? (await loadSeries(d.funding, { kind: 'funding', gaps: 'skip', shared: true })).series : undefined
  const gas = d.gas !== undefined ? (await loadSeries(d.gas, { kind: 'gas', gaps: 'skip', shared: true })).series : undefined
  return shareData({ barMs, bars: loaded.series, ...(vol ? { vol } : {}), ...(funding ? { funding } : {}), ...(gas ? { gas } : {}) })
}

/** Copies series into SharedArrayBuffer-backed columns (trimmed to `length`) and computes the data id. A column
 * already over a SharedArrayBuffer of exactly `length` values is kept, not copied. */
export function shareData(s: Omit<SharedData, 'id'>): SharedData {
  const out: Record<string, unknown> = { barMs: s.barMs }
  for (const k of SERIES) {
    const cols = s[k] as Columns | undefined
    if (cols === undefined) continue
    const copy: Record<string, Float64Array | number> = { length: cols.length }
    for (const [name, v] of Object.entries(cols)) {
      if (!(v instanceof Float64Array)) continue
      copy[name] = sharedColumn(v, cols.length)
    }
    out[k] = copy
  }
  return { ...(out as unknown as Omit<SharedData, 'id'>), id: dataId(out as unknown as Omit<SharedData, 'id'>) }
}

function dataId(s: Omit<SharedData, 'id'>): string {
  const h = createHash('sha256').update(`barMs=${s.barMs}`)
  for (const k of SERIES) {
    const cols = s[k] as Columns | undefined
    if (cols === undefined) continue
    for (const name of Object.keys(cols).sort()) {
      const v = cols[name]
      if (!(v instanceof Float64Array)) continue
      h.update(`|${k}.${name}:${cols.length}|`)
      h.update(new Uint8Array(v.buffer, v.byteOffset, cols.length * 8))
    }
  }
  return h.digest('hex')
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
