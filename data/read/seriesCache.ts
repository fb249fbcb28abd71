import { createHash } from 'node:crypto'
import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, rmSync, statSync, utimesSync, type BigIntStats } from 'node:fs'
import { endianness, homedir } from 'node:os'
import { basename, isAbsolute, join, resolve } from 'node:path'
import type { Series, SeriesKind } from '../barColumns.ts'
import { columnDigest } from '../columnDigest.ts'
import { writeFileAtomic } from '../io/writeAtomic.ts'
import type { GapPolicy } from '../validate/dataProblem.ts'
import type { ValidationReport } from '../validate/validationReport.ts'
import { InputError } from '../../engine/errors/input.ts'

/** Version of every entry. It is part of the key, so bumping it makes every old entry a miss (the size cap ages
 * them out). BUMP IT whenever a reader in data/read, validateSeries, forwardFill, detectFormat, the
 * ValidationReport or DataProblem shape, or the entry layout below changes: a hit must return exactly what a
 * parse by the current code would. */
export const CACHE_FORMAT = 2

/** Files smaller than this (1 MiB) are never cached: they parse in a few ms, an entry would only fill the disk. */
export const MIN_CACHED_FILE_BYTES = 1 << 20

/** The cache's size cap when OPTVAULT_CACHE_MAX_MB is unset, in MiB. */
export const DEFAULT_CACHE_MAX_MB = 2048

// File timestamps tick coarsely (Linux: the kernel's jiffy clock, 1-10 ms; FAT: 2 s), so a file rewritten with the
// same size within one tick of a load keeps its stat and would hit a stale entry (git's "racy clean" problem).
// A file whose mtime or ctime is this recent is loaded but not stored; the next load after the window stores it.
const RACY_WINDOW_MS = 2000n

// A crashed writer's temp file (writeFileAtomic names them `.<entry>.<pid>.<ms>.tmp`) older than this is removed.
const STALE_TMP_MS = 3_600_000

const EXT = '.ovseries'
const MAGIC = 'OVSERIES' // 8 bytes; then u32 LE header length, 4 zero bytes, the header JSON, zeros to 8 bytes
const PREFIX_BYTES = 16

/** What decides a load's result besides the file's bytes (the LoadOptions of loadSeries that matter). */
export interface SeriesCacheOptions {
  readonly kind?: SeriesKind | undefined
  readonly gaps: GapPolicy
  readonly snapshotMs?: number | undefined
  /** false turns the cache off for this load (as OPTVAULT_CACHE=off does for all) */
  readonly cache?: boolean | undefined
}

/** A series and its report, as loadSeries returns them. */
export interface CachedSeries {
  readonly series: Series
  readonly report: ValidationReport
  /** columnDigest of each number column, by name: stored with the entry, set on every hit */
  readonly digests?: Readonly<Record<string, string>>
}

/** The cache entry of one file under one set of options. */
export interface SeriesCacheSlot {
  /** where the entry lives (or would): `<cache dir>/<sha256 of the key>.ovseries` */
  readonly entryPath: string
  /** The cached load, with `report.file` set to `file`; undefined on a miss (no entry, or a corrupt, truncated or
   * unreadable one, which is deleted). Never throws. A hit marks the entry as recently used. With `shared`, the
   * number columns are read into SharedArrayBuffers (a sweep hands them to its threads without a copy). */
  get(file: string, o?: { readonly shared?: boolean }): CachedSeries | undefined
  /** Stores a load that had no errors, then trims the cache to its cap. Never throws: a cache dir that cannot be
   * created or written leaves the load as it was. Skips files changed since (or too recently before) the lookup. */
  put(loaded: CachedSeries): void
}

/** The cache folder: OPTVAULT_CACHE_DIR, else $XDG_CACHE_HOME/optvault/series, else ~/.cache/optvault/series.
 * Clearing the cache is deleting this folder.
 * @example seriesCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }) // '/var/cache/me/optvault/series' */
export function seriesCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const own = env.OPTVAULT_CACHE_DIR
  if (own !== undefined && own !== '') return resolve(own)
  const xdg = env.XDG_CACHE_HOME
  // the XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), '.cache')
  return join(base, 'optvault', 'series')
}

/** The slot for `file` loaded with options `o`, or undefined when nothing is to be cached: the cache is off
 * (OPTVAULT_CACHE=off or `o.cache === false`), the file is under 1 MiB, or it cannot be stat'ed. The key is the
 * sha256 of the file's real path and the name it was asked by, size, mtime, ctime, inode and device (taken now, before the caller reads it),
 * the options that change the result, CACHE_FORMAT and the byte order: any change to any of them is a miss.
 * Throws InputError only for an OPTVAULT_CACHE_MAX_MB that is not a positive number.
 * @example
 * const slot = seriesCache(file, { kind: 'bars', gaps: 'error' })
 * const loaded = slot?.get(file) ?? parseAndValidate(file) // then slot?.put(loaded) when it had no errors */
export function seriesCache(file: string, o: SeriesCacheOptions, env: NodeJS.ProcessEnv = process.env): SeriesCacheSlot | undefined {
  if (o.cache === false || isOff(env.OPTVAULT_CACHE)) return undefined
  const capBytes = maxBytes(env.OPTVAULT_CACHE_MAX_MB)
  let real: string
  let st: BigIntStats
  try {
    real = realpathSync(file)
    st = statSync(real, { bigint: true })
  } catch {
    return undefined // the loader reports a missing file in its own words
  }
  if (!st.isFile() || st.size < BigInt(MIN_CACHED_FILE_BYTES)) return undefined
  const key = createHash('sha256').update(JSON.stringify({
    // the name as asked, too: the loader reads the layout from its extension and `[ms, value]` JSON's kind from
    // it (`fund`, `vol`), so two links to one file can load differently
    format: CACHE_FORMAT, endian: endianness(), path: real, name: basename(file), size: String(st.size), mtimeNs: String(st.mtimeNs),
    ctimeNs: String(st.ctimeNs), ino: String(st.ino), dev: String(st.dev),
    kind: o.kind ?? null, gaps: o.gaps, snapshotMs: o.snapshotMs ?? null,
  })).digest('hex')
  const dir = seriesCacheDir(env)
  const entryPath = join(dir, key + EXT)
  const newest = st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs
  const racy = newest > BigInt(Date.now()) * 1_000_000n - RACY_WINDOW_MS * 1_000_000n
  return {
    entryPath,
    get(asked, o) {
      const hit = readEntry(entryPath, key, o?.shared === true)
      if (hit === undefined) return undefined
      try { const now = new Date(); utimesSync(entryPath, now, now) } catch { /* read-only cache: still a hit */ }
      ;(hit.report as { file: string }).file = asked
      return hit
    },
    put(loaded) {
      if (racy) return
      try {
        const again = statSync(real, { bigint: true })
        if (again.size !== st.size || again.mtimeNs !== st.mtimeNs || again.ctimeNs !== st.ctimeNs || again.ino !== st.ino) return
        const chunks = encodeEntry(key, loaded)
        if (chunks === undefined || chunks.reduce((n, c) => n + c.byteLength, 0) > capBytes) return
        writeFileAtomic(entryPath, chunks)
        evict(dir, capBytes, entryPath)
      } catch {
        // a read-only home, a full disk, a vanished folder: the load already succeeded without the cache
      }
    },
  }
}

function isOff(v: string | undefined): boolean {
  return v !== undefined && ['off', '0', 'false', 'no'].includes(v.trim().toLowerCase())
}

function maxBytes(v: string | undefined): number {
  if (v === undefined || v.trim() === '') return DEFAULT_CACHE_MAX_MB * 2 ** 20
  const mb = Number(v)
  if (!Number.isFinite(mb) || mb <= 0) {
    throw new InputError('environment variable OPTVAULT_CACHE_MAX_MB', 'OPTVAULT_CACHE_MAX_MB',
      `must be a number of MiB above 0, got "${v}"`, `unset it for the default ${DEFAULT_CACHE_MAX_MB}, or turn the cache off with OPTVAULT_CACHE=off`)
  }
  return mb * 2 ** 20
}

/** How one own property of the series is stored, in the series' own key order. */
type Field =
  | { readonly name: string; readonly type: 'number'; readonly value: number }
  | { readonly name: string; readonly type: 'strings'; readonly values: readonly string[] }
  | { readonly name: string; readonly type: 'f64' | 'u8'; readonly count: number }

interface Header {
  readonly format: number
  readonly key: string
  readonly report: ValidationReport
  readonly fields: readonly Field[]
  /** columnDigest of each f64 field, by name (format 2 on) */
  readonly digests: Readonly<Record<string, string>>
  /** size of the whole entry; a file of any other size is truncated or foreign */
  readonly totalBytes: number
}

const align8 = (n: number): number => (n + 7) & ~7
const columnBytes = (f: Field): number => f.type === 'f64' ? f.count * 8 : f.type === 'u8' ? align8(f.count) : 0

// JSON has no NaN, Infinity or -0, and reports hold them (barMs is NaN for chains): tag them to round-trip exactly.
const NUM_TAG = '$num'
function replacer(_k: string, v: unknown): unknown {
  if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { [NUM_TAG]: Object.is(v, -0) ? '-0' : String(v) }
  return v
}
function reviver(_k: string, v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v)
    if (keys.length === 1 && keys[0] === NUM_TAG) return Number((v as Record<string, string>)[NUM_TAG])
  }
  return v
}

// The entry as chunks: the header (padded to 8 bytes), then each column's own bytes (u8 columns padded), written
// in turn, so a 119 MiB entry is not copied into one buffer first (that copy took a 2.6M-bar first load's peak
// from ~220 to ~335 MB).
function encodeEntry(key: string, loaded: CachedSeries): Uint8Array[] | undefined {
  const fields: Field[] = []
  const columns: Uint8Array[] = []
  const digests: Record<string, string> = {}
  for (const [name, v] of Object.entries(loaded.series)) {
    if (typeof v === 'number') fields.push({ name, type: 'number', value: v })
    else if (v instanceof Float64Array) {
      fields.push({ name, type: 'f64', count: v.length })
      columns.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
      digests[name] = columnDigest(v)
    }
    else if (v instanceof Uint8Array) { fields.push({ name, type: 'u8', count: v.length }); columns.push(v) }
    else if (Array.isArray(v) && v.every((s) => typeof s === 'string')) fields.push({ name, type: 'strings', values: v as string[] })
    else return undefined // a column type this format does not know: leave the load uncached rather than lossy
  }
  const headerOf = (totalBytes: number): Buffer => Buffer.from(JSON.stringify({ format: CACHE_FORMAT, key, report: loaded.report, fields, digests, totalBytes } satisfies Header, replacer), 'utf8')
  const dataBytes = fields.reduce((s, f) => s + columnBytes(f), 0)
  // totalBytes sits inside the header, so its own digits change the header's length: settle it in two passes
  let total = align8(PREFIX_BYTES + headerOf(0).length) + dataBytes
  let header = headerOf(total)
  total = align8(PREFIX_BYTES + header.length) + dataBytes
  header = headerOf(total)
  if (align8(PREFIX_BYTES + header.length) + dataBytes !== total) return undefined
  const head = Buffer.alloc(align8(PREFIX_BYTES + header.length)) // zeroed, so the padding is deterministic
  head.write(MAGIC, 0, 'latin1')
  head.writeUInt32LE(header.length, 8)
  header.copy(head, PREFIX_BYTES)
  const out: Uint8Array[] = [head]
  let c = 0
  for (const f of fields) {
    if (f.type !== 'f64' && f.type !== 'u8') continue
    const col = columns[c++]!
    out.push(col)
    if (columnBytes(f) > col.byteLength) out.push(new Uint8Array(columnBytes(f) - col.byteLength))
  }
  return out
}

// Each column is read straight into its own new array (one copy, from the page cache), so the caller owns
// ordinary arrays, as after a parse, and no whole-file buffer is held. Anything unexpected is a miss.
function readEntry(entryPath: string, key: string, shared: boolean): CachedSeries | undefined {
  let fd: number
  try {
    fd = openSync(entryPath, 'r')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') drop(entryPath)
    return undefined
  }
  try {
    const got = decodeEntry(fd, key, shared)
    if (got === undefined) drop(entryPath)
    return got
  } catch {
    drop(entryPath)
    return undefined
  } finally {
    closeSync(fd)
  }
}

function decodeEntry(fd: number, key: string, shared: boolean): CachedSeries | undefined {
  const size = fstatSync(fd).size
  if (size < PREFIX_BYTES) return undefined
  const prefix = readExactly(fd, new Uint8Array(PREFIX_BYTES), 0)
  if (Buffer.from(prefix.buffer, 0, 8).toString('latin1') !== MAGIC) return undefined
  const headerBytes = Buffer.from(prefix.buffer).readUInt32LE(8)
  if (PREFIX_BYTES + headerBytes > size) return undefined
  const h = JSON.parse(Buffer.from(readExactly(fd, new Uint8Array(headerBytes), PREFIX_BYTES)).toString('utf8'), reviver) as Header
  if (h.format !== CACHE_FORMAT || h.key !== key || h.totalBytes !== size || !Array.isArray(h.fields) || typeof h.report !== 'object' || h.report === null) return undefined
  if (typeof h.digests !== 'object' || h.digests === null || h.fields.some((f) => f.type === 'f64' && typeof h.digests[f.name] !== 'string')) return undefined
  let pos = align8(PREFIX_BYTES + headerBytes)
  for (const f of h.fields) {
    if ((f.type === 'f64' || f.type === 'u8') && !(Number.isSafeInteger(f.count) && f.count >= 0)) return undefined
    pos += columnBytes(f)
  }
  if (pos !== size) return undefined
  pos = align8(PREFIX_BYTES + headerBytes)
  const series: Record<string, unknown> = {}
  for (const f of h.fields) {
    if (f.type === 'number') series[f.name] = f.value
    else if (f.type === 'strings') series[f.name] = f.values
    else if (f.type === 'f64') { const a = new Float64Array(shared ? new SharedArrayBuffer(f.count * 8) : new ArrayBuffer(f.count * 8)); readExactly(fd, new Uint8Array(a.buffer), pos); series[f.name] = a }
    else if (f.type === 'u8') series[f.name] = readExactly(fd, new Uint8Array(f.count), pos)
    else return undefined
    pos += columnBytes(f)
  }
  return { series: series as unknown as Series, report: h.report, digests: h.digests }
}

function readExactly(fd: number, into: Uint8Array, position: number): Uint8Array {
  let done = 0
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done)
    if (n === 0) throw new Error('entry ended early')
    done += n
  }
  return into
}

function drop(path: string): void {
  try { rmSync(path, { force: true }) } catch { /* a read-only cache keeps the bad entry; it stays a miss */ }
}

// Least recently used first: a hit touches its entry's mtime (atime is unreliable under noatime/relatime).
// The entry just written is never the one dropped.
function evict(dir: string, capBytes: number, keep: string): void {
  const entries: { path: string; bytes: number; usedMs: number }[] = []
  const now = Date.now()
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    try {
      const st = statSync(path)
      if (name.endsWith(EXT)) entries.push({ path, bytes: st.size, usedMs: st.mtimeMs })
      else if (name.startsWith('.') && name.endsWith('.tmp') && now - st.mtimeMs > STALE_TMP_MS) drop(path)
    } catch { /* removed meanwhile by another process */ }
  }
  let total = entries.reduce((s, e) => s + e.bytes, 0)
  if (total <= capBytes) return
  entries.sort((a, b) => a.usedMs - b.usedMs || (a.path < b.path ? -1 : 1))
  for (const e of entries) {
    if (total <= capBytes) break
    if (e.path === keep) continue
    drop(e.path)
    total -= e.bytes
  }
}
