import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { createExchange } from '../../../data/fetch/createExchange.ts'
import { CHAIN_HEADER, nextAlignedMs, parseEvery, recordChainSnapshot, runChainRecorder, sleepUntil } from '../../../data/fetch/recordChain.ts'
import { percentToFraction } from '../../../data/fetch/fetchVolIndexToCsv.ts'
import { startFakeDeribit, type FakeDeribit } from '../../support/fakeDeribit/startFakeDeribit.ts'

const T1 = Date.UTC(2024, 2, 1, 10, 0, 0)
let clock = T1
let fake: FakeDeribit
beforeAll(async () => { fake = await startFakeDeribit({ seed: 11, nowMs: () => clock }) })
afterAll(async () => { await fake.close() })
const deribit = () => createExchange('deribit', { baseUrl: fake.url, rateLimitMs: 1 })
const dir = () => mkdtempSync(join(tmpdir(), 'ov-chain-'))
const readCsv = (path: string) => parse(readFileSync(path, 'utf8'), { columns: true }) as Array<Record<string, string>>

describe('record-chain against a local Deribit', () => {
  test('one snapshot writes every BTC option as a valid chain row, values mapped from the wire', async () => {
    clock = T1
    const d = dir()
    const before = fake.received('public/ticker').length
    const s = await recordChainSnapshot({ exchange: deribit(), currency: 'BTC', dir: d, nowMs: () => clock, retry: { retries: 1, baseDelayMs: 5 } })
    expect(s).toEqual({ file: join(d, 'chain-2024-03-01.csv'), ts: '2024-03-01T10:00:00.000Z', rows: 7 * 11 * 2 })
    expect(readFileSync(s.file, 'utf8').split('\n')[0]).toBe(CHAIN_HEADER.join(','))
    const rows = readCsv(s.file)
    expect(rows).toHaveLength(154)
    const book = fake.market.bookSummary(T1, 'BTC', 'option')
    expect(new Set(rows.map((r) => r['instrument']))).toEqual(new Set(book.map((b) => b.instrument_name)))
    const insts = new Map(fake.market.instruments(T1, 'BTC', 'option').map((i) => [i.instrument_name, i]))
    for (const r of rows) {
      const b = book.find((x) => x.instrument_name === r['instrument'])!
      const tk = fake.market.ticker(T1, r['instrument']!)!
      const inst = insts.get(r['instrument']!)!
      expect(r['ts']).toBe('2024-03-01T10:00:00.000Z')
      expect(r['expiry']).toBe(new Date(inst.expiration_timestamp).toISOString())
      expect(r['expiry']!.slice(10)).toBe('T08:00:00.000Z') // Deribit expiries fix at 08:00 UTC
      expect(Number(r['strike'])).toBe(inst.strike)
      expect(r['type']).toBe(inst.option_type)
      expect(r['bid']).toBe(b.bid_price === null ? '' : String(b.bid_price))
      expect(r['ask']).toBe(String(b.ask_price))
      expect(r['mark']).toBe(String(b.mark_price))
      expect(r['mark_iv']).toBe(String(percentToFraction(b.mark_iv!)))
      expect(r['bid_iv']).toBe(b.bid_price === null ? '' : String(percentToFraction(tk.bid_iv!)))
      expect(r['ask_iv']).toBe(String(percentToFraction(tk.ask_iv!)))
      expect(r['underlying_price']).toBe(String(b.underlying_price))
      expect(r['open_interest']).toBe(String(b.open_interest))
      if (r['bid'] !== '') expect(Number(r['bid'])).toBeLessThanOrEqual(Number(r['ask']))
    }
    // deep out-of-the-money options have no bid in the fake; they must come out as empty cells
    expect(rows.some((r) => r['bid'] === '' && r['bid_iv'] === '')).toBe(true)
    // rows are ordered by expiry, then strike, then call before put
    const keys = rows.map((r) => [Date.parse(r['expiry']!), Number(r['strike']), r['type'] === 'call' ? 0 : 1])
    expect(keys).toEqual([...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!))
    // one ticker per quoted option (every option has an ask here)
    expect(fake.received('public/ticker').length - before).toBe(154)
  })

  test('a second snapshot the same day appends; the next day starts a new file; a stale one is skipped', async () => {
    const d = dir()
    const ex = deribit()
    clock = T1
    await recordChainSnapshot({ exchange: ex, currency: 'ETH', dir: d, nowMs: () => clock, quoteIvs: false })
    clock = T1 + 3_600_000
    const second = await recordChainSnapshot({ exchange: ex, currency: 'ETH', dir: d, nowMs: () => clock, quoteIvs: false })
    const rows = readCsv(second.file)
    expect(second.rows).toBeGreaterThan(0)
    expect(rows.filter((r) => r['ts'] === '2024-03-01T10:00:00.000Z')).toHaveLength(rows.length - second.rows)
    expect(rows.filter((r) => r['ts'] === '2024-03-01T11:00:00.000Z')).toHaveLength(second.rows)
    // without ticker calls bid_iv and ask_iv are empty, mark_iv still filled
    expect(rows.every((r) => r['bid_iv'] === '' && r['ask_iv'] === '' && Number(r['mark_iv']) > 0.1)).toBe(true)
    const fileText = readFileSync(second.file, 'utf8')
    clock = T1 + 3_600_000 - 1
    expect((await recordChainSnapshot({ exchange: ex, currency: 'ETH', dir: d, nowMs: () => clock, quoteIvs: false })).rows).toBe(0)
    expect(readFileSync(second.file, 'utf8')).toBe(fileText)
    clock = Date.UTC(2024, 2, 2, 0, 0, 0)
    await recordChainSnapshot({ exchange: ex, currency: 'ETH', dir: d, nowMs: () => clock, quoteIvs: false })
    expect(readdirSync(d).sort()).toEqual(['chain-2024-03-01.csv', 'chain-2024-03-02.csv'])
  })

  test('the recorder fires on UTC multiples of --every and stops cleanly when aborted', async () => {
    clock = T1
    const d = dir()
    const stop = new AbortController()
    const fired: number[] = []
    const errors: unknown[] = []
    // real time drives the timer; the fake's clock follows so each snapshot lands at a new time
    const run = runChainRecorder({
      exchange: deribit(), currency: 'BTC', dir: d, everyMs: 1000, signal: stop.signal, quoteIvs: false,
      nowMs: () => Date.now(),
      onSnapshot: () => { fired.push(Date.now()); if (fired.length === 2) stop.abort() },
      onError: (e) => { errors.push(e); stop.abort() },
    })
    clock = Date.now()
    await run
    expect(errors).toEqual([])
    expect(fired).toHaveLength(2)
    const files = readdirSync(d)
    const rows = files.flatMap((f) => readCsv(join(d, f)))
    const stamps = [...new Set(rows.map((r) => Date.parse(r['ts']!)))]
    expect(stamps).toHaveLength(2)
    // each snapshot was taken just after a whole-second boundary, not at an arbitrary time
    for (const t of stamps) expect(t % 1000).toBeLessThan(500)
  })

  test('sleepUntil does not resolve before its clock reads the target, even when timers fire early for it', async () => {
    // a clock running at half speed: every timer fires "early" by its own reading, as one a millisecond early does
    const start = Date.now()
    const slow = () => start + Math.floor((Date.now() - start) / 2)
    const at = slow() + 40
    await sleepUntil(at, slow, new AbortController().signal)
    expect(slow()).toBeGreaterThanOrEqual(at)
    const stop = new AbortController()
    const t0 = Date.now()
    setTimeout(() => stop.abort(), 20)
    await sleepUntil(slow() + 60_000, slow, stop.signal)
    expect(Date.now() - t0).toBeLessThan(5_000)
  })
  test('nextAlignedMs and parseEvery', () => {
    expect(nextAlignedMs(Date.UTC(2024, 0, 1, 10, 20), 3_600_000)).toBe(Date.UTC(2024, 0, 1, 11))
    expect(nextAlignedMs(Date.UTC(2024, 0, 1, 11), 3_600_000)).toBe(Date.UTC(2024, 0, 1, 12)) // strictly after
    expect(nextAlignedMs(Date.UTC(2024, 0, 1, 10, 7), 15 * 60_000)).toBe(Date.UTC(2024, 0, 1, 10, 15))
    expect([parseEvery('1h'), parseEvery('15m'), parseEvery('30s'), parseEvery('1d')]).toEqual([3_600_000, 900_000, 30_000, 86_400_000])
    expect([parseEvery('0h'), parseEvery('1w'), parseEvery('h'), parseEvery('1.5h')]).toEqual([undefined, undefined, undefined, undefined])
  })
})
