import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createExchange } from '../../../data/fetch/createExchange.ts'
import { fetchVolIndexToCsv, percentToFraction } from '../../../data/fetch/fetchVolIndexToCsv.ts'
import { FetchFailedError } from '../../../data/fetch/fetchFailedError.ts'
import { startFakeDeribit, type FakeDeribit } from '../../support/fakeDeribit/startFakeDeribit.ts'

const H = 3_600_000
const D = 86_400_000
const JAN1 = Date.UTC(2024, 0, 1)
const VOL = 'public/get_volatility_index_data'

let fake: FakeDeribit
beforeAll(async () => { fake = await startFakeDeribit({ seed: 3, volPageSize: 50 }) })
afterAll(async () => { await fake.close() })
const deribit = () => createExchange('deribit', { baseUrl: fake.url, rateLimitMs: 1 })
const dir = () => mkdtempSync(join(tmpdir(), 'ov-vol-'))
const fast = { retries: 2, baseDelayMs: 5 }
/** The vol CSV for [from, to) at `step`, from the fake's own DVOL candles (close, percent -> fraction). */
const expected = (c: string, from: number, to: number, step: number) => {
  let s = 'ts,vol\n'
  for (let t = from; t < to; t += step) s += `${new Date(t).toISOString()},${percentToFraction(fake.market.dvolCandle(c, t, step)[4])}\n`
  return s
}

describe('fetchVolIndexToCsv against a local Deribit', () => {
  test('percent to fraction is exact to the digits Deribit sends', () => {
    expect(percentToFraction(55.3)).toBe(0.553) // the task's own example: DVOL 55.3 is stored as 0.553
    expect(percentToFraction(100)).toBe(1)
    expect(percentToFraction(37.27)).toBe(0.3727)
  })

  test('follows continuation backwards over 5 pages of 50 hourly candles, writes them in time order', async () => {
    const out = join(dir(), 'dvol.csv')
    const before = fake.received(VOL).length
    const s = await fetchVolIndexToCsv({ exchange: deribit(), currency: 'BTC', resolution: '1h', sinceMs: JAN1, untilMs: JAN1 + 10 * D, out, retry: fast })
    expect(readFileSync(out, 'utf8')).toBe(expected('BTC', JAN1, JAN1 + 10 * D, H))
    expect(s).toMatchObject({ rowsAdded: 240, first: '2024-01-01T00:00:00.000Z', last: '2024-01-10T23:00:00.000Z', requests: 5 })
    const reqs = fake.received(VOL).slice(before)
    expect(reqs).toHaveLength(5)
    expect(reqs.map((r) => r.query['resolution'])).toEqual(Array(5).fill('3600'))
    // each request ends where the previous answer's continuation said: one candle before its oldest
    expect(reqs.map((r) => Number(r.query['end_timestamp']))).toEqual([0, 1, 2, 3, 4].map((i) => JAN1 + 10 * D - i * 50 * H - 1))
  })

  test('daily ETH resolution, then a resumed run adds only the newer days', async () => {
    const out = join(dir(), 'dvol-eth.csv')
    await fetchVolIndexToCsv({ exchange: deribit(), currency: 'ETH', resolution: '1D', sinceMs: JAN1, untilMs: JAN1 + 40 * D, out, retry: fast })
    expect(readFileSync(out, 'utf8')).toBe(expected('ETH', JAN1, JAN1 + 40 * D, D))
    const s = await fetchVolIndexToCsv({ exchange: deribit(), currency: 'ETH', resolution: '1D', sinceMs: JAN1, untilMs: JAN1 + 120 * D, out, retry: fast })
    expect(s.rowsAdded).toBe(80)
    expect(readFileSync(out, 'utf8')).toBe(expected('ETH', JAN1, JAN1 + 120 * D, D))
    expect(fake.received(VOL).at(-1)!.query['start_timestamp']).toBe(String(JAN1 + 40 * D))
  })

  test('429 then success; persistent 503 leaves the old file as it was', async () => {
    const out = join(dir(), 'rl.csv')
    fake.rateLimitNext(1, VOL)
    await fetchVolIndexToCsv({ exchange: deribit(), currency: 'BTC', resolution: '1D', sinceMs: JAN1, untilMs: JAN1 + 30 * D, out, retry: fast })
    expect(readFileSync(out, 'utf8')).toBe(expected('BTC', JAN1, JAN1 + 30 * D, D))

    const d = dir()
    const old = join(d, 'old.csv')
    writeFileSync(old, 'ts,vol\n2023-12-31T00:00:00.000Z,0.5\n')
    fake.serverErrorNext(10, 503, VOL)
    await expect(fetchVolIndexToCsv({ exchange: deribit(), currency: 'BTC', resolution: '1D', sinceMs: JAN1, untilMs: JAN1 + 30 * D, out: old, retry: fast }))
      .rejects.toThrow(FetchFailedError)
    fake.clearFaults()
    expect(readFileSync(old, 'utf8')).toBe('ts,vol\n2023-12-31T00:00:00.000Z,0.5\n')
    expect(readdirSync(d)).toEqual(['old.csv'])
  })
})
