import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createExchange } from '../../../data/fetch/createExchange.ts'
import { fetchOhlcvToCsv } from '../../../data/fetch/fetchOhlcvToCsv.ts'
import { FetchFailedError } from '../../../data/fetch/fetchFailedError.ts'
import { InputError } from '../../../engine/errors/input.ts'
import { startFakeBinance, type FakeBinance } from '../../support/fakeBinance/startFakeBinance.ts'

const H = 3_600_000
const JAN1 = Date.UTC(2024, 0, 1)
const JAN11 = Date.UTC(2024, 0, 11)
const KLINES = 'api/v3/klines'

let fake: FakeBinance
beforeAll(async () => { fake = await startFakeBinance({ seed: 7 }) })
afterAll(async () => { await fake.close() })

const dir = () => mkdtempSync(join(tmpdir(), 'ov-fetch-'))
const binance = (o: { timeoutMs?: number } = {}) =>
  createExchange('binance', { baseUrl: fake.url, marketTypes: ['spot'], rateLimitMs: 1, ...o })
const fast = { retries: 3, baseDelayMs: 5 }
/** The CSV the fetch must produce for [from, to): built from the fake's own candle function. */
const expectedCsv = (from: number, to: number) =>
  'ts,open,high,low,close,volume\n' + fake.candles('BTCUSDT', '1h', from, to)
    .map(([t, ...v]) => [new Date(t).toISOString(), ...v.map(String)].join(',') + '\n').join('')
const requestsSince = (n: number) => fake.received(KLINES).slice(n)

describe('fetchOhlcvToCsv against a local Binance', () => {
  test('pages through 240 hourly candles 20 at a time: exact rows, no duplicates, 12 requests', async () => {
    const out = join(dir(), 'btc.csv')
    const before = fake.received(KLINES).length
    const s = await fetchOhlcvToCsv({ exchange: binance(), symbol: 'BTC/USDT', timeframe: '1h', sinceMs: JAN1, untilMs: JAN11, limit: 20, out, retry: fast })
    const text = readFileSync(out, 'utf8')
    const ts = text.trim().split('\n').slice(1).map((l) => l.split(',')[0])
    expect(ts).toHaveLength(240)
    expect(new Set(ts).size).toBe(240)
    expect(text).toBe(expectedCsv(JAN1, JAN11))
    expect(s).toMatchObject({ rowsAdded: 240, first: '2024-01-01T00:00:00.000Z', last: '2024-01-10T23:00:00.000Z' })
    const reqs = requestsSince(before)
    expect(reqs).toHaveLength(12)
    // each page starts one candle after the previous page's last candle
    expect(reqs.map((r) => Number(r.query['startTime']))).toEqual(Array.from({ length: 12 }, (_, i) => JAN1 + i * 20 * H))
  })

  test('a run stopped after 3 pages, then rerun, gives the one-shot file byte for byte', async () => {
    const d = dir()
    const oneShot = join(d, 'one.csv')
    const resumed = join(d, 'resumed.csv')
    await fetchOhlcvToCsv({ exchange: binance(), symbol: 'BTC/USDT', timeframe: '1h', sinceMs: JAN1, untilMs: JAN11, limit: 25, out: oneShot, retry: fast })
    await fetchOhlcvToCsv({ exchange: binance(), symbol: 'BTC/USDT', timeframe: '1h', sinceMs: JAN1, untilMs: JAN11, limit: 25, out: resumed, retry: fast, maxPages: 3, checkpointMs: 0 })
    expect(readFileSync(resumed, 'utf8').trim().split('\n')).toHaveLength(1 + 75)
    const before = fake.received(KLINES).length
    const s = await fetchOhlcvToCsv({ exchange: binance(), symbol: 'BTC/USDT', timeframe: '1h', sinceMs: JAN1, untilMs: JAN11, limit: 25, out: resumed, retry: fast })
    expect(readFileSync(resumed, 'utf8')).toBe(readFileSync(oneShot, 'utf8'))
    expect(s.rowsAdded).toBe(240 - 75)
    // the rerun asked only for what was missing: it started at the 76th candle
    expect(Number(requestsSince(before)[0]!.query['startTime'])).toBe(JAN1 + 75 * H)
    // a third run has nothing to add and leaves the file as it was
    const again = await fetchOhlcvToCsv({ exchange: binance(), symbol: 'BTC/USDT', timeframe: '1h', sinceMs: JAN1, untilMs: JAN11, limit: 25, out: resumed, retry: fast })
    expect(again.rowsAdded).toBe(0)
    expect(readFileSync(resumed, 'utf8')).toBe(readFileSync(oneShot, 'utf8'))
  })

  test('drops the candle still forming: every row closed by now, and the server did send an open one', async () => {
    const out = join(dir(), 'recent.csv')
    const since = Math.floor(Date.now() / H) * H - 5 * H
    const before = fake.received(KLINES).length
    await fetchOhlcvToCsv({ exchange: binance(), symbol: 'BTC/USDT', timeframe: '1h', sinceMs: since, out, retry: fast })
    const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1)
    const lastTs = Date.parse(rows.at(-1)!.split(',')[0]!)
    expect(lastTs + H).toBeLessThanOrEqual(Date.now())
    expect(rows.length).toBeGreaterThanOrEqual(4) // 5 closed hours, 4 if the hour turned during the test
    expect(requestsSince(before)).toHaveLength(1)
    // the fake serves the open candle (as Binance does): it exists and was left out
    expect(fake.candles('BTCUSDT', '1h', lastTs + H, Date.now() + H).length).toBeGreaterThanOrEqual(1)
  })

  test('429 with Retry-After: waits at least that long, then completes', async () => {
    const out = join(dir(), 'rl.csv')
    const before = fake.received(KLINES).length
    fake.rateLimitNext(1, 1)
    const t0 = Date.now()
    const retries: number[] = []
    await fetchOhlcvToCsv({ exchange: binance(), symbol: 'BTC/USDT', timeframe: '1h', sinceMs: JAN1, untilMs: JAN11, limit: 120, out,
      retry: { ...fast, onRetry: (i) => retries.push(i.delayMs) } })
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000)
    expect(retries).toEqual([1000]) // the server's 1 s, not the 5 ms backoff
    expect(readFileSync(out, 'utf8')).toBe(expectedCsv(JAN1, JAN11))
    expect(requestsSince(before)).toHaveLength(3) // 2 pages + the refused one
  })

  test('502 twice then success, and a hung request (timeout) then success', async () => {
    const out = join(dir(), 'err.csv')
    fake.serverErrorNext(2, 502)
    await fetchOhlcvToCsv({ exchange: binance(), symbol: 'BTC/USDT', timeframe: '1h', sinceMs: JAN1, untilMs: JAN11, limit: 120, out, retry: fast })
    expect(readFileSync(out, 'utf8')).toBe(expectedCsv(JAN1, JAN11))

    const out2 = join(dir(), 'hang.csv')
    fake.hangNext(1)
    const errors: string[] = []
    await fetchOhlcvToCsv({ exchange: binance({ timeoutMs: 300 }), symbol: 'BTC/USDT', timeframe: '1h', sinceMs: JAN1, untilMs: JAN11, limit: 120, out: out2,
      retry: { ...fast, onRetry: (i) => errors.push(i.error.constructor.name) } })
    expect(errors).toEqual(['RequestTimeout'])
    expect(readFileSync(out2, 'utf8')).toBe(expectedCsv(JAN1, JAN11))
  })

  test('persistent 503: FetchFailedError after the last retry, old file untouched, no temp file left', async () => {
    const d = dir()
    const out = join(d, 'old.csv')
    const old = 'ts,open,high,low,close,volume\n2023-12-31T23:00:00.000Z,1,2,0.5,1.5,10\n'
    writeFileSync(out, old)
    const before = fake.received(KLINES).length
    fake.serverErrorNext(50, 503)
    const run = fetchOhlcvToCsv({ exchange: binance(), symbol: 'BTC/USDT', timeframe: '1h', sinceMs: JAN1, untilMs: JAN11, limit: 120, out, retry: { retries: 2, baseDelayMs: 5 } })
    await expect(run).rejects.toBeInstanceOf(FetchFailedError)
    await expect(run).rejects.toThrow(/gave up after 2 retries.*ExchangeNotAvailable/)
    expect(requestsSince(before)).toHaveLength(3)
    expect(readFileSync(out, 'utf8')).toBe(old)
    expect(readdirSync(d)).toEqual(['old.csv'])
    fake.clearFaults()
  })

  test('an unknown symbol and a foreign file are input errors naming the flag or file:line', async () => {
    const out = join(dir(), 'x.csv')
    await expect(fetchOhlcvToCsv({ exchange: binance(), symbol: 'DOGE/EUR', timeframe: '1h', sinceMs: JAN1, out }))
      .rejects.toThrow(InputError)
    await expect(fetchOhlcvToCsv({ exchange: binance(), symbol: 'BTC/USDT', timeframe: '7m', sinceMs: JAN1, out }))
      .rejects.toThrow(/timeframe is not one binance serves/)
    writeFileSync(out, 'date,price\n2024-01-01,1\n')
    await expect(fetchOhlcvToCsv({ exchange: binance(), symbol: 'BTC/USDT', timeframe: '1h', sinceMs: JAN1, out }))
      .rejects.toThrow(new RegExp(`header is "date,price".*\\nWhere: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1`, 's'))
  })
})
