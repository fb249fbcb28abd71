// Loading 5 years of 1-minute bars (2.6M rows) from a canonical CSV into typed arrays: rows/s and peak memory,
// medians over several runs, against danfo.js readCSV of the same file and a bare read of its bytes.
// Targets (issue "Data layer"): >= 2M rows/s, < 300 MB peak. Run: npx tsx test/data/load.bench.ts [rows]
// Each load runs in its own child process, so its peak RSS (resourceUsage().maxRSS) is the load's alone.
import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync, createReadStream } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { perSecond, report } from '../support/bench.ts'
import { Xoshiro128 } from '../../data/random/xoshiro128.ts'
import { formatTimestamp } from '../../data/formats/timestamp.ts'

interface ChildResult { ms: number; rows: number; maxRssMb: number }
const self = fileURLToPath(import.meta.url)

if (process.argv[2] === '--child') {
  const [mode, file] = [process.argv[3]!, process.argv[4]!]
  // modules load before the clock starts: the figure is the load, not tsx compiling our sources
  const { readNumericCsv } = await import('../../data/read/readNumericCsv.ts')
  const { ProblemSink } = await import('../../data/validate/dataProblem.ts')
  const { loadSeries } = await import('../../data/read/loadSeries.ts')
  const { parse } = await import('csv-parse')
  const { readCSV } = mode === 'danfo' ? await import('danfojs') : { readCSV: undefined }
  const t0 = performance.now()
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
  } else if (mode === 'read') {
    rows = (await readNumericCsv(file, 'bars', new ProblemSink())).series.length
  } else if (mode === 'load') {
    rows = (await loadSeries(file, { kind: 'bars' })).series.length
  } else if (mode === 'danfo' && readCSV !== undefined) {
    // danfo's readCSV is papaparse with download: true; in Node it takes a readable stream
    const df = await readCSV(createReadStream(file) as never)
    rows = df.shape[0] ?? 0
  }
  const ms = performance.now() - t0
  process.stdout.write(JSON.stringify({ ms, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 } satisfies ChildResult))
  process.exit(0)
}

const ROWS = Number(process.argv[2] ?? 2_600_000)
const dir = mkdtempSync(join(tmpdir(), 'ov-load-bench-'))
const file = join(dir, 'bars-1m.csv')

// A seeded random walk of 1-minute bars written in chunks (never one 180 MB string).
function generate(): void {
  const rng = new Xoshiro128(7)
  const fd = openSync(file, 'w')
  let chunk = 'ts,open,high,low,close,volume\n'
  let price = 30_000
  const t0 = Date.UTC(2019, 0, 1)
  for (let i = 0; i < ROWS; i++) {
    const open = price
    price *= 1 + (rng.uniform() - 0.5) * 0.002
    const high = Math.max(open, price) * (1 + rng.uniform() * 0.0005)
    const low = Math.min(open, price) * (1 - rng.uniform() * 0.0005)
    chunk += `${formatTimestamp(t0 + i * 60_000)},${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${price.toFixed(2)},${(rng.uniform() * 10).toFixed(6)}\n`
    if (chunk.length > 1 << 20) { writeSync(fd, chunk); chunk = '' }
  }
  writeSync(fd, chunk)
  closeSync(fd)
}

function child(mode: string): ChildResult {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', self, '--child', mode, file, String(ROWS)], { encoding: 'utf8', maxBuffer: 1 << 20 })
  if (r.status !== 0) throw new Error(`${mode} child failed (${r.status}): ${r.stderr.slice(0, 2000)}`)
  return JSON.parse(r.stdout) as ChildResult
}

function median(mode: string, runs: number): ChildResult {
  const rs = Array.from({ length: runs }, () => child(mode))
  for (const r of rs) if (r.rows !== ROWS) throw new Error(`${mode} read ${r.rows} rows, expected ${ROWS}`)
  const mid = <K extends keyof ChildResult>(k: K): number => rs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs / 2)]!
  return { ms: mid('ms'), rows: ROWS, maxRssMb: mid('maxRssMb') }
}

try {
  generate()
  const mb = statSync(file).size / 1e6
  report('generated 1m bars CSV', `${ROWS} rows, ${mb.toFixed(0)} MB`)
  const idle = median('idle', 1)
  const bare = median('bare', 3)
  report('baseline: read bytes + count lines', `${perSecond(ROWS, bare.ms)} rows, ${bare.ms.toFixed(0)} ms, peak ${bare.maxRssMb.toFixed(0)} MB`)
  const parser = median('csv-parse', 3)
  report('csv-parse alone (records dropped)', `${perSecond(ROWS, parser.ms)} rows, ${parser.ms.toFixed(0)} ms`)
  const read = median('read', 3)
  report('readNumericCsv (csv-parse stream -> Float64Array)', `${perSecond(ROWS, read.ms)} rows, ${read.ms.toFixed(0)} ms, peak ${read.maxRssMb.toFixed(0)} MB`)
  const load = median('load', 3)
  report('loadSeries (read + validate)', `${perSecond(ROWS, load.ms)} rows, ${load.ms.toFixed(0)} ms`, { ok: ROWS / load.ms * 1000 >= 2e6, text: '>= 2M rows/s' })
  report('loadSeries peak RSS', `${load.maxRssMb.toFixed(0)} MB (node, tsx and the modules alone: ${idle.maxRssMb.toFixed(0)} MB)`, { ok: load.maxRssMb < 300, text: '< 300 MB' })
  report('loadSeries / csv-parse alone', `${(load.ms / parser.ms).toFixed(2)}x the time of the parser by itself`)
  const danfo = median('danfo', 3)
  report('danfo.js readCSV (papaparse -> DataFrame)', `${perSecond(ROWS, danfo.ms)} rows, ${danfo.ms.toFixed(0)} ms, peak ${danfo.maxRssMb.toFixed(0)} MB`)
  report('ratio danfo readCSV / loadSeries', `time ${(danfo.ms / load.ms).toFixed(2)}x, peak memory ${(danfo.maxRssMb / load.maxRssMb).toFixed(2)}x`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
