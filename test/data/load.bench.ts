// Loading 5 years of 1-minute bars (2.6M rows) from a canonical CSV into typed arrays: rows/s and peak memory,
// medians over several runs, against the parsers alone (uDSV, csv-parse), the csv-parse reader, danfo.js readCSV
// of the same file and a bare read of its bytes.
// Targets (issue "Data layer"): >= 2M rows/s, < 300 MB peak. Run: npx tsx test/data/load.bench.ts [rows] [--cache-only]
// The series cache (data/read/seriesCache.ts, issue 8): a first load (cold cache: parse, validate and store the entry)
// against a second (a hit), for the 2.6M-bar file and a 90-day file of 129,600 bars with full-precision prices.
// --cache-only runs just those lines (the rest takes minutes, danfo.js alone ~2 and 3.7 GB).
// Each load runs in its own child process, so its peak RSS (resourceUsage().maxRSS) is the load's alone.
// The machine may be shared: each child also reports its CPU time (user + system), which other processes
// inflate much less than wall time, and the load average is printed before and after.
import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync, createReadStream } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { medianMs, perSecond, report } from '../support/bench.ts'
import { Xoshiro128 } from '../../data/random/xoshiro128.ts'
import { formatTimestamp, parseTimestampMs } from '../../data/formats/timestamp.ts'
import { parseDecimal } from '../../data/formats/parseDecimal.ts'

interface ChildResult { ms: number; cpuMs: number; rows: number; maxRssMb: number }
const self = fileURLToPath(import.meta.url)

if (process.argv[2] === '--child') {
  const [mode, file] = [process.argv[3]!, process.argv[4]!]
  // modules load before the clock starts: the figure is the load, not tsx compiling our sources
  const { readNumericCsv } = await import('../../data/read/readNumericCsv.ts')
  const { readNumericCsvStrict } = await import('../../data/read/readNumericCsvStrict.ts')
  const { inferSchema, initParser } = await import('udsv')
  const { ProblemSink } = await import('../../data/validate/dataProblem.ts')
  const { loadSeries } = await import('../../data/read/loadSeries.ts')
  const { parse } = await import('csv-parse')
  const { readCSV } = mode === 'danfo' ? await import('danfojs') : { readCSV: undefined }
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  let rows = 0
  if (mode === 'idle') {
    rows = Number(process.argv[5]) // nothing read: the memory of node, tsx and the modules alone
  } else if (mode === 'bare') {
    // the floor: read the bytes and count the lines, no parsing at all
    const buf = readFileSync(file)
    for (let i = 0; i < buf.length; i++) if (buf[i] === 10) rows++
    rows -= 1
  } else if (mode === 'csv-parse') {
    // the parser alone: every record parsed to strings and dropped, the ceiling for any csv-parse based reader
    for await (const _ of createReadStream(file, { highWaterMark: 1 << 20 }).pipe(parse({ from_line: 2 }))) rows++
  } else if (mode === 'udsv') {
    // the parser alone, fed 64 KiB stream chunks: every record parsed to strings and dropped
    let parser: ReturnType<typeof initParser> | undefined
    const onRow = (): void => { rows++ }
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16, encoding: 'latin1' })) {
      parser ??= initParser(inferSchema(chunk as string, { col: ',' }, 2))
      parser.chunk<string[]>(chunk as string, parser.stringArrs, onRow)
    }
    parser?.end()
  } else if (mode === 'read') {
    rows = (await readNumericCsv(file, 'bars', new ProblemSink())).series.length
  } else if (mode === 'strict') {
    rows = (await readNumericCsvStrict(file, 'bars', new ProblemSink())).length
  } else if (mode === 'load') {
    // the parse itself, as before the cache existed
    rows = (await loadSeries(file, { kind: 'bars', cache: false })).series.length
  } else if (mode === 'cache-cold' || mode === 'cache-hit') {
    // the parent points OPTVAULT_CACHE_DIR at an empty folder (cold) or at the one the cold run filled (hit)
    rows = (await loadSeries(file, { kind: 'bars' })).series.length
  } else if (mode === 'danfo' && readCSV !== undefined) {
    // danfo's readCSV is papaparse with download: true; in Node it takes a readable stream
    const df = await readCSV(createReadStream(file) as never)
    rows = df.shape[0] ?? 0
  }
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(c0)
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 } satisfies ChildResult))
  process.exit(0)
}

const args = process.argv.slice(2)
const ROWS = Number(args.find((a) => /^\d+$/.test(a)) ?? 2_600_000)
const CACHE_ONLY = args.includes('--cache-only')
const dir = mkdtempSync(join(tmpdir(), 'ov-load-bench-'))
const file = join(dir, 'bars-1m.csv')
const cacheDir = join(dir, 'cache')

// A seeded random walk of 1-minute bars written in chunks (never one 180 MB string). Prices to the cent, or with
// every digit a double prints (`fullPrecision`, as a 90-day file resampled or fetched through ccxt holds them).
function generate(path = file, rows = ROWS, fullPrecision = false): void {
  const rng = new Xoshiro128(7)
  const f = fullPrecision ? (x: number): string => String(x) : (x: number): string => x.toFixed(2)
  const fd = openSync(path, 'w')
  let chunk = 'ts,open,high,low,close,volume\n'
  let price = 30_000
  const t0 = Date.UTC(2019, 0, 1)
  for (let i = 0; i < rows; i++) {
    const open = price
    price *= 1 + (rng.uniform() - 0.5) * 0.002
    const high = Math.max(open, price) * (1 + rng.uniform() * 0.0005)
    const low = Math.min(open, price) * (1 - rng.uniform() * 0.0005)
    chunk += `${formatTimestamp(t0 + i * 60_000)},${f(open)},${f(high)},${f(low)},${f(price)},${fullPrecision ? String(rng.uniform() * 10) : (rng.uniform() * 10).toFixed(6)}\n`
    if (chunk.length > 1 << 20) { writeSync(fd, chunk); chunk = '' }
  }
  writeSync(fd, chunk)
  closeSync(fd)
}

function child(mode: string, path = file): ChildResult {
  // only danfo gets a bigger heap (it needs it); the others run with node's defaults, as a user's load would
  const heap = mode === 'danfo' ? ['--max-old-space-size=8192'] : []
  const env = { ...process.env, OPTVAULT_CACHE_DIR: cacheDir }
  const r = spawnSync(process.execPath, [...heap, '--import', 'tsx', self, '--child', mode, path, String(ROWS)], { encoding: 'utf8', maxBuffer: 1 << 20, env })
  if (r.status !== 0) throw new Error(`${mode} child failed (${r.status}): ${r.stderr.slice(0, 2000)}`)
  return JSON.parse(r.stdout) as ChildResult
}

function median(mode: string, runs: number, path = file, rows = ROWS): ChildResult {
  return mid(Array.from({ length: runs }, () => child(mode, path)), mode, rows)
}

function mid(rs: readonly ChildResult[], mode: string, rows = ROWS): ChildResult {
  for (const r of rs) if (r.rows !== rows) throw new Error(`${mode} read ${r.rows} rows, expected ${rows}`)
  const m = <K extends keyof ChildResult>(k: K): number => rs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(rs.length / 2)]!
  return { ms: m('ms'), cpuMs: m('cpuMs'), rows, maxRssMb: m('maxRssMb') }
}

const entries = (): string[] => readdirSync(cacheDir).filter((n) => n.endsWith('.ovseries')).map((n) => join(cacheDir, n))

// Rounds of (cold, hit): the cache folder is emptied before each cold load, so every cold load parses and
// stores, and the hit after it reads that entry. Checked, not assumed: one entry after the cold load, and the
// hit marks it used (its mtime moves). The parse alone (cache off) runs in the same rounds as the baseline.
function cacheLines(label: string, path: string, rows: number, runs: number): void {
  const cold: ChildResult[] = []
  const hit: ChildResult[] = []
  const parse: ChildResult[] = []
  for (let i = 0; i < runs; i++) {
    rmSync(cacheDir, { recursive: true, force: true })
    parse.push(child('load', path))
    cold.push(child('cache-cold', path))
    const stored = entries()
    if (stored.length !== 1) throw new Error(`the cold load left ${stored.length} cache entries, expected 1 (file changed within 2 s?)`)
    const before = statSync(stored[0]!).mtimeMs
    hit.push(child('cache-hit', path))
    if (!(statSync(stored[0]!).mtimeMs > before)) throw new Error('the second load did not use the cache entry')
  }
  const [p, c, h] = [mid(parse, 'load', rows), mid(cold, 'cache-cold', rows), mid(hit, 'cache-hit', rows)]
  const entryMb = statSync(entries()[0]!).size / 2 ** 20
  report(`${label}: loadSeries, cache off (parse)`, figure(p, rows))
  report(`${label}: first load, cold cache (parse + store)`, `${figure(c, rows)}; entry ${entryMb.toFixed(1)} MiB`)
  report(`${label}: second load, cache hit`, figure(h, rows))
  report(`${label}: cold / hit`, `${(c.ms / h.ms).toFixed(1)}x wall (CPU ${(c.cpuMs / h.cpuMs).toFixed(1)}x); parse / hit ${(p.ms / h.ms).toFixed(1)}x; store costs ${(c.ms - p.ms).toFixed(0)} ms`)
}

const load3 = (): string => loadavg().map((x) => x.toFixed(2)).join(' ')
const figure = (r: ChildResult, rows = ROWS): string =>
  `${perSecond(rows, r.ms)} rows, ${r.ms.toFixed(0)} ms (CPU ${r.cpuMs.toFixed(0)} ms = ${perSecond(rows, r.cpuMs)}), peak ${r.maxRssMb.toFixed(0)} MB`

// The two per-cell conversions, in this process against the built-ins they replace: one day of canonical
// 1-minute timestamps repeated (the per-date cache hits 1439 times in 1440) and prices as writers print them.
function timestampAndNumbers(): void {
  const N = 1_000_000
  const stamps = Array.from({ length: N }, (_, i) => formatTimestamp(Date.UTC(2024, 1, 28) + i * 60_000))
  const prices = Array.from({ length: N }, (_, i) => (30_000 + (i % 9973) * 0.37).toFixed(2))
  let sink = 0
  const ts = medianMs(() => { for (let i = 0; i < N; i++) sink += parseTimestampMs(stamps[i]!) }, 5, 1)
  const dp = medianMs(() => { for (let i = 0; i < N; i++) sink += Date.parse(stamps[i]!) }, 5, 1)
  report('parseTimestampMs, canonical ISO', `${(ts * 1e6 / N).toFixed(1)} ns each; Date.parse ${(dp * 1e6 / N).toFixed(1)} ns (${(dp / ts).toFixed(1)}x)`)
  const pd = medianMs(() => { for (let i = 0; i < N; i++) sink += parseDecimal(prices[i]!) }, 5, 1)
  const nu = medianMs(() => { for (let i = 0; i < N; i++) sink += Number(prices[i]!) }, 5, 1)
  report('parseDecimal, toFixed(2) prices', `${(pd * 1e6 / N).toFixed(1)} ns each; Number() ${(nu * 1e6 / N).toFixed(1)} ns (${(nu / pd).toFixed(1)}x)`)
  if (sink === 0) console.log('') // keeps the loops from being optimised away
}

function cacheSection(): void {
  const days90 = join(dir, 'bars-1m-90d.csv')
  generate(days90, 129_600, true)
  report('generated 90-day 1m bars CSV, full-precision prices', `129600 rows, ${(statSync(days90).size / 1e6).toFixed(0)} MB`)
  // the cache does not store a file changed in the last 2 s (coarse file clocks); both files are older than that now
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100)
  cacheLines('90 days (129,600 bars)', days90, 129_600, 7)
  cacheLines(`${ROWS} bars`, file, ROWS, 5)
}

try {
  generate()
  const mb = statSync(file).size / 1e6
  report('generated 1m bars CSV', `${ROWS} rows, ${mb.toFixed(0)} MB`)
  report('load average (1, 5, 15 min) before', `${load3()} on ${availableParallelism()} cores`)
  if (CACHE_ONLY) cacheSection()
  else fullRun()
  report('load average (1, 5, 15 min) after', load3())
} finally {
  rmSync(dir, { recursive: true, force: true })
}

function fullRun(): void {
  const idle = median('idle', 1)
  const bare = median('bare', 3)
  report('baseline: read bytes + count lines', figure(bare))
  const udsv = median('udsv', 3)
  report('uDSV alone (records dropped)', figure(udsv))
  const parser = median('csv-parse', 3)
  report('csv-parse alone (records dropped)', figure(parser))
  const read = median('read', 5)
  report('readNumericCsv (uDSV -> Float64Array)', figure(read))
  const strict = median('strict', 3)
  report('readNumericCsvStrict (csv-parse -> Float64Array)', figure(strict))
  report('readNumericCsv vs csv-parse, same run', `${(parser.ms / read.ms).toFixed(2)}x faster than csv-parse alone, ${(strict.ms / read.ms).toFixed(2)}x than the csv-parse reader (CPU: ${(parser.cpuMs / read.cpuMs).toFixed(2)}x, ${(strict.cpuMs / read.cpuMs).toFixed(2)}x)`)
  report('readNumericCsv / uDSV alone', `${(read.ms / udsv.ms).toFixed(2)}x the time of the parser by itself (CPU ${(read.cpuMs / udsv.cpuMs).toFixed(2)}x)`)
  const load = median('load', 5)
  report('loadSeries (read + validate)', figure(load), { ok: ROWS / load.ms * 1000 >= 2e6, text: '>= 2M rows/s' })
  report('loadSeries by CPU time', `${perSecond(ROWS, load.cpuMs)} rows`, { ok: ROWS / load.cpuMs * 1000 >= 2e6, text: '>= 2M rows/s' })
  report('loadSeries peak RSS', `${load.maxRssMb.toFixed(0)} MB (node, tsx and the modules alone: ${idle.maxRssMb.toFixed(0)} MB)`, { ok: load.maxRssMb < 300, text: '< 300 MB' })
  const danfo = median('danfo', 1) // one run: it takes minutes and ~3.7 GB on a shared machine, and is ~80x off
  report('danfo.js readCSV (papaparse -> DataFrame)', figure(danfo))
  report('ratio danfo readCSV / loadSeries', `time ${(danfo.ms / load.ms).toFixed(2)}x, peak memory ${(danfo.maxRssMb / load.maxRssMb).toFixed(2)}x`)
  timestampAndNumbers()
  cacheSection()
}
