import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'
import { CANONICAL_COLUMNS } from '../../../data/formats/canonicalColumns.ts'
import { startFakeBinance, type FakeBinance } from '../../support/fakeBinance/startFakeBinance.ts'
import { startFakeDeribit, type FakeDeribit } from '../../support/fakeDeribit/startFakeDeribit.ts'

const bin = fileURLToPath(new URL('../../../bin/optvault.js', import.meta.url))
const KLINES = 'api/v3/klines'
let binance: FakeBinance
let slowBinance: FakeBinance
let deribit: FakeDeribit
beforeAll(async () => {
  binance = await startFakeBinance({ seed: 21 })
  slowBinance = await startFakeBinance({ seed: 21, delayMs: 150 })
  deribit = await startFakeDeribit({ seed: 21, volPageSize: 40 })
})
afterAll(async () => { await Promise.all([binance.close(), slowBinance.close(), deribit.close()]) })

const dir = () => mkdtempSync(join(tmpdir(), 'ov-cli-fetch-'))
const run = async (...args: string[]) => {
  const io = bufferIo()
  const code = await main(['node', 'optvault', ...args], io)
  return { code, out: io.stdout(), err: io.stderr() }
}
const fetchArgs = (url: string, out: string, ...more: string[]) => ['data', 'fetch', '--exchange', 'binance', '--symbol', 'BTC/USDT',
  '--timeframe', '1h', '--since', '2024-01-01', '--until', '2024-01-11', '--out', out, '--base-url', url, '--rate-limit-ms', '1', ...more]

/** Runs the real bin as a child process, the way a user or cron does. */
function spawnCli(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.on('data', (b: Buffer) => { out += b.toString() })
  child.stderr.on('data', (b: Buffer) => { err += b.toString() })
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  return { child, exited, out: () => out, err: () => err }
}
const until = async (cond: () => boolean, timeoutMs: number) => {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('optvault data fetch', () => {
  test('--json prints the summary; the file has every hourly candle of the range', async () => {
    const out = join(dir(), 'btc.csv')
    const r = await run(...fetchArgs(binance.url, out, '--limit', '100', '--json'))
    expect(r.code, r.err).toBe(0)
    expect(JSON.parse(r.out)).toEqual({ file: out, rowsAdded: 240, first: '2024-01-01T00:00:00.000Z', last: '2024-01-10T23:00:00.000Z' })
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(241)
    // not a TTY: progress is plain lines on stderr
    expect(r.err).toMatch(/binance BTC\/USDT 1h: 100\.0%, 240 rows/)
    const again = await run(...fetchArgs(binance.url, out, '--quiet'))
    expect(again.out).toBe(`${out}: already up to date, nothing added\n`)
    expect(again.err).toBe('')
  })

  test('persistent 502: exit 1, a message saying what failed and how to go on, the old file untouched', async () => {
    const d = dir()
    const out = join(d, 'old.csv')
    writeFileSync(out, 'ts,open,high,low,close,volume\n')
    binance.serverErrorNext(20, 502)
    const r = await run(...fetchArgs(binance.url, out, '--retries', '1'))
    binance.clearFaults()
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/error: Could not fetch binance BTC\/USDT 1h candles: gave up after 1 retries \(ExchangeNotAvailable/)
    expect(r.err).toMatch(/Fix: .*run the same command again: it resumes/)
    expect(r.err).toMatch(/retry 1 in \d+\.\d s after ExchangeNotAvailable/)
    expect(readFileSync(out, 'utf8')).toBe('ts,open,high,low,close,volume\n')
    expect(readdirSync(d)).toEqual(['old.csv'])
  })

  test('bad flags are input errors: exit 2 naming the flag', async () => {
    const out = join(dir(), 'x.csv')
    const r1 = await run('data', 'fetch', '--exchange', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--since', 'yesterday', '--out', out)
    expect(r1.code).toBe(2)
    expect(r1.err).toContain('since is not a date, got "yesterday"')
    expect(r1.err).toContain('Where: --since')
    const r2 = await run('data', 'fetch', '--exchange', 'nope', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--since', '2024-01-01', '--out', out)
    expect(r2.code).toBe(2)
    expect(r2.err).toContain('exchange is not an exchange ccxt knows, got "nope"')
    const r3 = await run(...fetchArgs(binance.url, out, '--until', '2023-01-01'))
    expect(r3.code).toBe(2)
    expect(r3.err).toContain('until must be after --since')
    expect(existsSync(out)).toBe(false)
  })

  test('killed mid-fetch (SIGKILL), then rerun: the file equals a one-shot fetch byte for byte', async () => {
    const d = dir()
    const oneShot = join(d, 'one.csv')
    const killed = join(d, 'killed.csv')
    expect((await run(...fetchArgs(binance.url, oneShot, '--limit', '20', '--quiet'))).code).toBe(0)
    const before = slowBinance.received(KLINES).length
    const p = spawnCli(fetchArgs(slowBinance.url, killed, '--limit', '20', '--checkpoint-secs', '0', '--quiet'))
    // 150 ms per answer: kill while the 5th of 12 pages is in flight
    await until(() => slowBinance.received(KLINES).length - before >= 5, 20_000)
    p.child.kill('SIGKILL')
    expect((await p.exited).signal).toBe('SIGKILL')
    const partial = readFileSync(killed, 'utf8')
    const full = readFileSync(oneShot, 'utf8')
    expect(full.startsWith(partial)).toBe(true) // whole rows only, in order
    const partialRows = partial.trim().split('\n').length - 1
    expect(partialRows).toBeGreaterThanOrEqual(60)
    expect(partialRows).toBeLessThan(240)
    const r = await run(...fetchArgs(binance.url, killed, '--limit', '20', '--json'))
    expect(JSON.parse(r.out).rowsAdded).toBe(240 - partialRows)
    expect(readFileSync(killed, 'utf8')).toBe(full)
    expect(readdirSync(d).sort()).toEqual(['killed.csv', 'one.csv']) // no temp file left by the kill either
  }, 30_000)
})

describe('optvault data fetch, interrupted', () => {
  test('Ctrl-C (SIGINT) stops after the page in flight, keeps every row received, exits 1; a rerun completes', async () => {
    const d = dir()
    const out = join(d, 'int.csv')
    const before = slowBinance.received(KLINES).length
    // default checkpoints (every 5 s): nothing is on disk yet when the signal comes, so the rows kept are
    // the ones written on the way out
    const p = spawnCli(fetchArgs(slowBinance.url, out, '--limit', '20'))
    await until(() => slowBinance.received(KLINES).length - before >= 4, 20_000)
    p.child.kill('SIGINT')
    const ex = await p.exited
    expect(ex.code, p.err()).toBe(1)
    expect(p.err()).toMatch(/error: Interrupted: \d+ rows were added to .*int\.csv before the stop\.\nFix: Run the same command again/)
    const kept = readFileSync(out, 'utf8').trim().split('\n').length - 1
    expect(kept % 20).toBe(0) // whole pages
    expect(kept).toBeGreaterThanOrEqual(60)
    expect(kept).toBeLessThan(240)
    const r = await run(...fetchArgs(binance.url, out, '--limit', '20', '--json'))
    expect(JSON.parse(r.out).rowsAdded).toBe(240 - kept)
    const one = join(d, 'one.csv')
    await run(...fetchArgs(binance.url, one, '--quiet'))
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(one, 'utf8'))
  }, 30_000)
})

describe('optvault data fetch-vol and fetch-funding', () => {
  test('fetch-vol writes DVOL as fractions through continuation pages', async () => {
    const out = join(dir(), 'dvol.csv')
    const r = await run('data', 'fetch-vol', '--currency', 'BTC', '--since', '2024-01-01', '--until', '2024-04-01', '--resolution', '1D',
      '--out', out, '--base-url', deribit.url, '--rate-limit-ms', '1', '--json')
    expect(r.code, r.err).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({ rowsAdded: 91, first: '2024-01-01T00:00:00.000Z', last: '2024-03-31T00:00:00.000Z' })
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Array<{ ts: string; vol: string }>
    expect(rows[10]!.vol).toBe(String(Number((deribit.market.dvolCandle('BTC', Date.UTC(2024, 0, 11), 86_400_000)[4] / 100).toPrecision(12))))
    expect(rows.every((x) => Number(x.vol) > 0.1 && Number(x.vol) < 2)).toBe(true)
    const bad = await run('data', 'fetch-vol', '--currency', 'SOL', '--out', out)
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('currency must be BTC or ETH, got "SOL"')
  })

  test('fetch-funding writes the perpetual\'s 8h rates', async () => {
    const out = join(dir(), 'funding.csv')
    const r = await run('data', 'fetch-funding', '--exchange', 'deribit', '--symbol', 'BTC/USD:BTC', '--since', '2024-01-01',
      '--until', '2024-01-08', '--out', out, '--base-url', deribit.url, '--rate-limit-ms', '1', '--json')
    expect(r.code, r.err).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({ rowsAdded: 168, first: '2024-01-01T00:00:00.000Z', last: '2024-01-07T23:00:00.000Z' })
    const lines = readFileSync(out, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('ts,rate')
    expect(lines[1]).toBe(`2024-01-01T00:00:00.000Z,${deribit.market.funding('BTC', Date.UTC(2024, 0, 1)).interest_8h}`)
  })
})

describe('optvault data record-chain', () => {
  test('--once writes a valid chain file; a second --once appends a later snapshot', async () => {
    const d = dir()
    const args = ['data', 'record-chain', '--exchange', 'deribit', '--currency', 'BTC', '--once', '--out', d,
      '--base-url', deribit.url, '--rate-limit-ms', '1', '--json']
    const r1 = await run(...args)
    expect(r1.code, r1.err).toBe(0)
    const s1 = JSON.parse(r1.out) as { file: string; ts: string; rows: number }
    expect(s1.file).toBe(join(d, `chain-${s1.ts.slice(0, 10)}.csv`))
    // 11 strikes x call/put on each listed expiry (6 or 7 of them, depending on the weekday)
    expect(s1.rows).toBe(deribit.market.expiries(Date.parse(s1.ts)).length * 11 * 2)
    await new Promise((r) => setTimeout(r, 5))
    const r2 = await run(...args, '--no-quote-ivs')
    const s2 = JSON.parse(r2.out) as { file: string; ts: string; rows: number }
    if (s2.file !== s1.file) return // the UTC day turned between the two runs: a new file is right too
    const text = readFileSync(s1.file, 'utf8')
    expect(text.split('\n').filter((l) => l.startsWith('ts,'))).toHaveLength(1)
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>
    expect(Object.keys(rows[0]!)).toEqual([...CANONICAL_COLUMNS.chain])
    expect(rows).toHaveLength(s1.rows + s2.rows)
    expect([...new Set(rows.map((x) => x['ts']))]).toEqual([s1.ts, s2.ts])
    expect(Date.parse(s2.ts)).toBeGreaterThan(Date.parse(s1.ts))
    for (const x of rows) {
      expect(['call', 'put']).toContain(x['type'])
      expect(Number(x['mark_iv'])).toBeGreaterThan(0.05)
      expect(Number(x['mark_iv'])).toBeLessThan(3)
      expect(Number(x['underlying_price'])).toBeGreaterThan(1000)
    }
  })

  test('the recorder process snapshots on --every and stops cleanly on SIGTERM', async () => {
    const d = dir()
    const p = spawnCli(['data', 'record-chain', '--currency', 'ETH', '--every', '1s', '--out', d, '--no-quote-ivs',
      '--base-url', deribit.url, '--rate-limit-ms', '1'])
    await until(() => p.out().split('\n').filter((l) => l.includes('rows ->')).length >= 2, 20_000)
    p.child.kill('SIGTERM')
    const ex = await p.exited
    expect(ex.code, p.err()).toBe(0)
    expect(p.err()).toContain('SIGTERM: stopping')
    expect(p.err()).toMatch(/stopped\n$/)
    const rows = readdirSync(d).flatMap((f) => parse(readFileSync(join(d, f), 'utf8'), { columns: true }) as Array<Record<string, string>>)
    const stamps = [...new Set(rows.map((x) => Date.parse(x['ts']!)))]
    expect(stamps.length).toBeGreaterThanOrEqual(2)
    // snapshots fall on whole UTC seconds (requested within a few hundred ms after each boundary)
    for (const t of stamps) expect(t % 1000).toBeLessThan(800)
  }, 30_000)
})
