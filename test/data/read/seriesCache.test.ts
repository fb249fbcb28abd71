import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parquetWriteFile } from 'hyparquet-writer'
import { loadSeries, type LoadedSeries, type LoadOptions } from '../../../data/read/loadSeries.ts'
import { MIN_CACHED_FILE_BYTES, seriesCache, seriesCacheDir } from '../../../data/read/seriesCache.ts'
import { Xoshiro128 } from '../../../data/random/xoshiro128.ts'
import { columnDigest } from '../../../data/columnDigest.ts'
import { formatTimestamp } from '../../../data/formats/timestamp.ts'
import { DataError } from '../../../engine/errors/data.ts'
import { InputError } from '../../../engine/errors/input.ts'

const src = mkdtempSync(join(tmpdir(), 'ov-cache-src-'))
const MIN = 60_000
const T0 = Date.UTC(2024, 0, 1)
const ENV_KEYS = ['OPTVAULT_CACHE_DIR', 'OPTVAULT_CACHE', 'OPTVAULT_CACHE_MAX_MB'] as const

// 1-minute bars with full-precision prices (as `optvault data fetch` writes them), `skipEvery` > 0 leaves gaps.
function barsCsv(rows: number, seed: number, skipEvery = 0): string {
  const rng = new Xoshiro128(seed)
  const out = ['ts,open,high,low,close,volume']
  let price = 30_000
  for (let i = 0; i < rows; i++) {
    const open = price
    price *= 1 + (rng.uniform() - 0.5) * 0.002
    const high = Math.max(open, price) * (1 + rng.uniform() * 0.0005)
    const low = Math.min(open, price) * (1 - rng.uniform() * 0.0005)
    if (skipEvery > 0 && i % skipEvery === skipEvery - 1) continue
    out.push(`${formatTimestamp(T0 + i * MIN)},${open},${high},${low},${price},${rng.uniform() * 10}`)
  }
  return out.join('\n') + '\n'
}

// one real snapshot of the sample chain, repeated hourly: strings (instrument) and a Uint8Array (isCall) to store
function chainCsv(snapshots: number): string {
  const [head, ...rows] = readFileSync('data/samples/btc-chain-sample.csv', 'utf8').trim().split('\n')
  const out = [head!]
  for (let s = 0; s < snapshots; s++) {
    const ts = formatTimestamp(Date.UTC(2024, 11, 25) + s * 3_600_000)
    for (const r of rows) out.push(ts + r.slice(r.indexOf(',')))
  }
  return out.join('\n') + '\n'
}

function fundingJson(rows: number): string {
  const rng = new Xoshiro128(3)
  const pairs = Array.from({ length: rows }, (_, i) => `[${T0 + i * 8 * 3_600_000},${((rng.uniform() - 0.4) * 0.03).toFixed(6)}]`)
  return `[\n${pairs.join(',\n')}\n]\n`
}

function barsParquet(path: string, rows: number): void {
  const rng = new Xoshiro128(11)
  const col = (f: (i: number) => number): number[] => Array.from({ length: rows }, (_, i) => f(i))
  const close = col(() => 30_000 + rng.uniform() * 100)
  parquetWriteFile({
    filename: path,
    columnData: [
      { name: 'ts', data: col((i) => T0 + i * MIN).map((t) => BigInt(t)), type: 'INT64' },
      { name: 'open', data: close, type: 'DOUBLE' }, { name: 'high', data: close.map((c) => c + 1 + rng.uniform()), type: 'DOUBLE' },
      { name: 'low', data: close.map((c) => c - 1 - rng.uniform()), type: 'DOUBLE' }, { name: 'close', data: close, type: 'DOUBLE' },
      { name: 'volume', data: col(() => rng.uniform() * 5), type: 'DOUBLE' },
    ],
  })
}

const F = {
  gappy: join(src, 'gappy.csv'), // forward-filled: warnings, a gap summary and filled bars in the report
  funding: join(src, 'funding-pairs.json'), // notes in the report
  parquet: join(src, 'bars.parquet'),
  chain: join(src, 'chain.csv'), // NaN barMs in the report
  noParse: join(src, 'noParse.csv'),
  edit: join(src, 'edit.csv'),
  corrupt: join(src, 'corrupt.csv'),
  off: join(src, 'off.csv'),
  bad: join(src, 'bad.csv'),
  small: join(src, 'small.csv'),
  lru: [0, 1, 2].map((i) => join(src, `lru${i}.csv`)),
  readOnly: join(src, 'readOnly.csv'),
}

beforeAll(async () => {
  writeFileSync(F.gappy, barsCsv(12_000, 1, 997))
  writeFileSync(F.funding, fundingJson(45_000))
  barsParquet(F.parquet, 30_000)
  writeFileSync(F.chain, chainCsv(110))
  for (const [i, p] of [F.noParse, F.edit, F.corrupt, F.off, F.readOnly, ...F.lru].entries()) writeFileSync(p, barsCsv(12_000, 20 + i))
  // line 3's low above its open: an error
  writeFileSync(F.bad, barsCsv(12_000, 40).replace(/\n([^,\n]+),([^,\n]+),([^,\n]+),([^,\n]+),/, (_m, ts, o, h) => `\n${ts},${o},${h},${Number(o) + 1},`))
  writeFileSync(F.small, barsCsv(2_000, 41))
  for (const p of [F.gappy, F.funding, F.parquet, F.chain, F.bad]) expect(statSync(p).size).toBeGreaterThanOrEqual(MIN_CACHED_FILE_BYTES)
  expect(statSync(F.small).size).toBeLessThan(MIN_CACHED_FILE_BYTES)
  // the cache does not store a file changed in the last 2 s (coarse file clocks could hide a rewrite); wait once
  await sleep(2100)
}, 60_000)

let saved: Record<string, string | undefined> = {}
let cacheDir = ''
beforeEach(() => {
  saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]))
  cacheDir = mkdtempSync(join(tmpdir(), 'ov-cache-'))
  process.env.OPTVAULT_CACHE_DIR = cacheDir
  delete process.env.OPTVAULT_CACHE
  delete process.env.OPTVAULT_CACHE_MAX_MB
})
afterEach(() => {
  for (const k of ENV_KEYS) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k] }
})

const relativePath = (p: string): string => relative(process.cwd(), p)
const entries = (): string[] => existsSync(cacheDir) ? readdirSync(cacheDir).filter((n) => n.endsWith('.ovseries')) : []
const entryOf = (file: string, o: LoadOptions = {}): string => seriesCache(file, { kind: o.kind, gaps: o.gaps ?? 'error', snapshotMs: o.snapshotMs })!.entryPath

function bytes(a: ArrayBufferView): Buffer { return Buffer.from(a.buffer, a.byteOffset, a.byteLength) }

/** Every own property of the two series is equal: typed columns byte for byte, the rest by value, in one key order. */
function expectSameSeries(a: LoadedSeries['series'], b: LoadedSeries['series']): void {
  expect(Object.keys(b)).toEqual(Object.keys(a))
  for (const [k, v] of Object.entries(a)) {
    const w = (b as Record<string, unknown>)[k]
    if (ArrayBuffer.isView(v)) {
      expect(w?.constructor, k).toBe(v.constructor)
      expect((w as ArrayBufferView).byteLength, k).toBe(v.byteLength)
      expect(Buffer.compare(bytes(v), bytes(w as ArrayBufferView)), k).toBe(0)
    } else {
      expect(w, k).toEqual(v)
    }
  }
}

describe('a hit returns exactly what the parse did', () => {
  const cases: [string, string, LoadOptions][] = [
    ['bars CSV, forward-filled gaps', F.gappy, { kind: 'bars', gaps: 'forward-fill' }],
    ['funding [ms, %] JSON (notes)', F.funding, { gaps: 'skip' }],
    ['Parquet bars', F.parquet, { kind: 'bars' }],
    ['chain CSV (strings, 0/1 bytes, NaN barMs)', F.chain, { kind: 'chain' }],
  ]
  test.each(cases)('%s', async (_name, file, o) => {
    const parsed = await loadSeries(file, o)
    expect(parsed.report.errors).toBe(0)
    expect(entries()).toEqual([entryOf(file, o).slice(cacheDir.length + 1)])
    const hit = await loadSeries(file, o)
    expect(hit.series).not.toBe(parsed.series)
    expectSameSeries(parsed.series, hit.series)
    expect(hit.report).toEqual(parsed.report)
    expect(JSON.stringify(hit.report)).toBe(JSON.stringify(parsed.report)) // same key order, as --json prints it
    // ordinary arrays the caller owns: each column its own buffer, nothing shared with another column or the cache
    const views = Object.values(hit.series).filter((v): v is Float64Array | Uint8Array => ArrayBuffer.isView(v))
    expect(views.length).toBeGreaterThan(1)
    for (const v of views) expect([v.byteOffset, v.buffer.byteLength]).toEqual([0, v.byteLength])
    expect(new Set(views.map((v) => v.buffer)).size).toBe(views.length)
  })

  test('the report of a hit names the path the caller gave: a relative path or a link of the same name hits', async () => {
    const o = { kind: 'bars', gaps: 'skip' } as const
    const parsed = await loadSeries(F.gappy, o)
    const relative = await loadSeries(relativePath(F.gappy), o)
    const linkDir = join(src, 'links')
    mkdirSync(linkDir, { recursive: true })
    const link = join(linkDir, 'gappy.csv')
    if (!existsSync(link)) symlinkSync(F.gappy, link)
    const viaLink = await loadSeries(link, o)
    expect(entries()).toHaveLength(1)
    expect([relative.report.file, viaLink.report.file]).toEqual([relativePath(F.gappy), link])
    expect({ ...viaLink.report, file: F.gappy }).toEqual(parsed.report)
  })

  test('a link of another name is another entry: the name decides the layout of [ms, value] JSON', async () => {
    const asVol = join(src, 'links', 'dvol-pairs.json') // the same bytes, read as a vol index by its name
    mkdirSync(join(src, 'links'), { recursive: true })
    if (!existsSync(asVol)) symlinkSync(F.funding, asVol)
    const funding = await loadSeries(F.funding, { gaps: 'skip' })
    const vol = await loadSeries(asVol, { gaps: 'skip', throwOnError: false })
    expect([funding.report.kind, vol.report.kind]).toEqual(['funding', 'vol'])
    expect((await loadSeries(F.funding, { gaps: 'skip' })).report.kind).toBe('funding')
  })

  test('options that change the result are part of the key: skip and forward-fill are two entries', async () => {
    const skip = await loadSeries(F.gappy, { kind: 'bars', gaps: 'skip' })
    const fill = await loadSeries(F.gappy, { kind: 'bars', gaps: 'forward-fill' })
    expect(entries()).toHaveLength(2)
    expect(fill.series.length).toBeGreaterThan(skip.series.length)
    expect((await loadSeries(F.gappy, { kind: 'bars', gaps: 'skip' })).series.length).toBe(skip.series.length)
    expect((await loadSeries(F.gappy, { kind: 'bars', gaps: 'forward-fill' })).report.gaps.filled).toBe(fill.series.length - skip.series.length)
  })
})

describe('a hit does not parse; any change to the file does', () => {
  test('values written into the entry come back; touching the source brings the real values again', async () => {
    const real = await loadSeries(F.noParse, { kind: 'bars' })
    const entry = entryOf(F.noParse, { kind: 'bars' })
    // volume is the last column, so it is the entry's last n * 8 bytes
    const n = real.series.length
    const forged = new Float64Array(n).fill(-12345.5)
    const e = readFileSync(entry)
    e.set(bytes(forged), e.length - n * 8)
    writeFileSync(entry, e)
    const fromCache = await loadSeries(F.noParse, { kind: 'bars' })
    expect(Array.from(fromCache.series.volume.subarray(0, 3))).toEqual([-12345.5, -12345.5, -12345.5])
    expect(Buffer.compare(bytes(fromCache.series.close), bytes(real.series.close))).toBe(0)

    const later = new Date(Date.now() + 5_000)
    utimesSync(F.noParse, later, later)
    const again = await loadSeries(F.noParse, { kind: 'bars' })
    expect(Buffer.compare(bytes(again.series.volume), bytes(real.series.volume))).toBe(0)
    expect(again.series.volume[0]).not.toBe(-12345.5)
  })

  test('the same file rewritten with the same size (one price digit changed) misses', async () => {
    const before = await loadSeries(F.edit, { kind: 'bars' })
    const text = readFileSync(F.edit, 'utf8')
    const line2 = text.split('\n')[1]!
    const closeText = line2.split(',')[4]!
    // the volume (last field) of row 1 gets a different first digit: same length, still valid
    const vol = line2.split(',')[5]!
    const newVol = (vol[0] === '1' ? '2' : '1') + vol.slice(1)
    const edited = text.replace(line2, line2.slice(0, line2.length - vol.length) + newVol)
    expect(edited.length).toBe(text.length)
    const ino = statSync(F.edit).ino
    writeFileSync(F.edit, edited)
    expect([statSync(F.edit).size, statSync(F.edit).ino]).toEqual([Buffer.byteLength(text), ino])
    const after = await loadSeries(F.edit, { kind: 'bars' })
    expect(after.series.volume[0]).toBe(Number(newVol))
    expect(before.series.volume[0]).toBe(Number(vol))
    expect(after.series.close[0]).toBe(Number(closeText))
  })

  test('a truncated or garbled entry is a miss: the file is parsed, the result is right, the entry is replaced', async () => {
    const o = { kind: 'bars' } as const
    const real = await loadSeries(F.corrupt, o)
    const entry = entryOf(F.corrupt, o)
    const size = statSync(entry).size
    truncateSync(entry, size - 1000)
    const reparsed = await loadSeries(F.corrupt, o)
    expectSameSeries(real.series, reparsed.series)
    expect(reparsed.report).toEqual(real.report)
    expect(statSync(entry).size).toBe(size) // the parse stored a whole entry again

    const e = readFileSync(entry)
    e.write('GARBAGE!', 0, 'latin1')
    writeFileSync(entry, e)
    expectSameSeries(real.series, (await loadSeries(F.corrupt, o)).series)
    writeFileSync(entry, e.subarray(0, 40)) // cut inside the header JSON
    expectSameSeries(real.series, (await loadSeries(F.corrupt, o)).series)
    expect(readFileSync(entry).subarray(0, 8).toString('latin1')).toBe('OVSERIES')
  })

  test('a file changed less than 2 s ago is loaded but not stored', async () => {
    const fresh = join(src, `fresh-${Date.now()}.csv`)
    writeFileSync(fresh, barsCsv(12_000, 50))
    const { series } = await loadSeries(fresh, { kind: 'bars' })
    expect(series.length).toBe(12_000)
    expect(entries()).toEqual([])
  })
})

describe('what is never cached', () => {
  test('OPTVAULT_CACHE=off and { cache: false } never write an entry', async () => {
    process.env.OPTVAULT_CACHE = 'off'
    await loadSeries(F.off, { kind: 'bars' })
    await loadSeries(F.off, { kind: 'bars' })
    expect(entries()).toEqual([])
    delete process.env.OPTVAULT_CACHE
    await loadSeries(F.off, { kind: 'bars', cache: false })
    expect(entries()).toEqual([])
    await loadSeries(F.off, { kind: 'bars' })
    expect(entries()).toHaveLength(1) // the same file is cacheable: the switches, not the file, kept it out
  })

  test('a file with errors is never cached, thrown or reported', async () => {
    const r = await loadSeries(F.bad, { kind: 'bars', throwOnError: false })
    expect(r.report.errors).toBeGreaterThan(0)
    expect(r.report.problems[0]).toMatchObject({ line: 2, column: 'low' })
    await expect(loadSeries(F.bad, { kind: 'bars' })).rejects.toBeInstanceOf(DataError)
    expect(entries()).toEqual([])
  })

  test('a file under 1 MiB is not cached', async () => {
    const { series } = await loadSeries(F.small, { kind: 'bars' })
    await loadSeries(F.small, { kind: 'bars' })
    expect(series.length).toBe(2_000)
    expect(entries()).toEqual([])
  })
})

describe('the cache folder', () => {
  test('over OPTVAULT_CACHE_MAX_MB, the least recently used entries go; a hit counts as a use', async () => {
    const [a, b, c] = F.lru as [string, string, string]
    const o = { kind: 'bars' } as const
    await loadSeries(a, o)
    await loadSeries(b, o)
    const [ea, eb, ec] = [entryOf(a, o), entryOf(b, o), entryOf(c, o)]
    const entryBytes = statSync(ea).size
    // room for two entries, not three
    process.env.OPTVAULT_CACHE_MAX_MB = String((2.5 * entryBytes) / 2 ** 20)
    // set the clock of use explicitly (file times tick coarsely): a was stored first, b after
    utimesSync(ea, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000))
    utimesSync(eb, new Date(Date.now() - 30_000), new Date(Date.now() - 30_000))
    await loadSeries(a, o) // a hit: a is now the most recently used
    expect(statSync(ea).mtimeMs).toBeGreaterThan(Date.now() - 10_000)
    await loadSeries(c, o)
    expect([existsSync(ea), existsSync(eb), existsSync(ec)]).toEqual([true, false, true])
  })

  test('a cache folder that cannot be created: loads work as without a cache', async () => {
    const notADir = join(src, 'plain-file')
    writeFileSync(notADir, 'x')
    process.env.OPTVAULT_CACHE_DIR = join(notADir, 'cache') // mkdir fails with ENOTDIR, even for root
    const { series } = await loadSeries(F.readOnly, { kind: 'bars' })
    expect(series.length).toBe(12_000)
    expect((await loadSeries(F.readOnly, { kind: 'bars' })).series.length).toBe(12_000)
  })

  test('a bad OPTVAULT_CACHE_MAX_MB is an InputError naming the variable', async () => {
    process.env.OPTVAULT_CACHE_MAX_MB = '2GB'
    const e = await loadSeries(F.small, { kind: 'bars' }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(InputError)
    expect((e as InputError).message).toContain('OPTVAULT_CACHE_MAX_MB')
    expect((e as InputError).message).toContain('"2GB"')
  })

  test('where it lives: OPTVAULT_CACHE_DIR, else $XDG_CACHE_HOME/optvault/series, else ~/.cache/optvault/series', () => {
    expect(seriesCacheDir({ OPTVAULT_CACHE_DIR: '/x/y', XDG_CACHE_HOME: '/c' })).toBe('/x/y')
    expect(seriesCacheDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/optvault/series')
    expect(seriesCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/h' })).toMatch(/\.cache\/optvault\/series$/)
  })
})

test('the test run never writes to the real home: test/setup points OPTVAULT_CACHE_DIR at a temp folder', () => {
  expect(saved.OPTVAULT_CACHE_DIR).toBeDefined()
  expect(saved.OPTVAULT_CACHE_DIR!.startsWith(tmpdir())).toBe(true)
})

describe('shared: true (a sweep\'s data)', () => {
  test('number columns come over SharedArrayBuffers of their exact size, parsed or from the cache, same bytes', async () => {
    const o: LoadOptions = { kind: 'bars', gaps: 'forward-fill' }
    const plain = await loadSeries(F.gappy, { ...o, cache: false })
    const parsed = await loadSeries(F.gappy, { ...o, shared: true }) // a miss: parsed, stored, then shared
    expect(entries()).toHaveLength(1)
    const hit = await loadSeries(F.gappy, { ...o, shared: true }) // read from the entry straight into shared memory
    for (const got of [parsed, hit]) {
      for (const [k, v] of Object.entries(got.series)) {
        if (!(v instanceof Float64Array)) continue
        expect(v.buffer, k).toBeInstanceOf(SharedArrayBuffer)
        expect(v.buffer.byteLength, k).toBe(v.byteLength)
        expect(Buffer.compare(bytes(v), bytes((plain.series as unknown as Record<string, Float64Array>)[k]!)), k).toBe(0)
      }
      expect(got.report).toEqual(plain.report)
    }
    // and without shared a hit gives ordinary arrays, as before
    const again = await loadSeries(F.gappy, o)
    expect((again.series as unknown as Record<string, Float64Array>).close!.buffer).toBeInstanceOf(ArrayBuffer)
  })

  test('a hit carries the columnDigest of every number column, stored with the entry; a parse carries none', async () => {
    const o: LoadOptions = { kind: 'bars', gaps: 'forward-fill' }
    const parsed = await loadSeries(F.gappy, { ...o, shared: true })
    expect(parsed.digests).toBeUndefined()
    for (const shared of [true, false]) {
      const hit = await loadSeries(F.gappy, { ...o, shared })
      const numberColumns = Object.entries(hit.series).filter((e): e is [string, Float64Array] => e[1] instanceof Float64Array)
      expect(Object.keys(hit.digests ?? {}).sort()).toEqual(numberColumns.map(([k]) => k).sort())
      for (const [k, v] of numberColumns) expect(hit.digests![k], k).toBe(columnDigest(v))
    }
  })
})
