import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createExchange } from '../../../data/fetch/createExchange.ts'
import { fetchFundingToCsv } from '../../../data/fetch/fetchFundingToCsv.ts'
import { fetchOhlcvToCsv } from '../../../data/fetch/fetchOhlcvToCsv.ts'
import { InputError } from '../../../engine/errors/input.ts'
import { startFakeDeribit, type FakeDeribit } from '../../support/fakeDeribit/startFakeDeribit.ts'

const H = 3_600_000
const D = 86_400_000
const JAN1 = Date.UTC(2024, 0, 1)
const FUNDING = 'public/get_funding_rate_history'

let fake: FakeDeribit
beforeAll(async () => { fake = await startFakeDeribit({ seed: 5, fundingPageSize: 300 }) })
afterAll(async () => { await fake.close() })
const deribit = () => createExchange('deribit', { baseUrl: fake.url, rateLimitMs: 1 })
const dir = () => mkdtempSync(join(tmpdir(), 'ov-funding-'))
const fast = { retries: 2, baseDelayMs: 5 }
const expectedFunding = (from: number, to: number) => {
  let s = 'ts,rate\n'
  for (let t = from; t < to; t += H) s += `${new Date(t).toISOString()},${fake.market.funding('BTC', t).interest_8h}\n`
  return s
}

describe('fetchFundingToCsv against a local Deribit', () => {
  test('60 days of hourly 8h-rates over pages of 300: exact rows, no duplicates', async () => {
    const out = join(dir(), 'funding.csv')
    const before = fake.received(FUNDING).length
    const s = await fetchFundingToCsv({ exchange: deribit(), symbol: 'BTC/USD:BTC', sinceMs: JAN1, untilMs: JAN1 + 60 * D, out, retry: fast })
    expect(readFileSync(out, 'utf8')).toBe(expectedFunding(JAN1, JAN1 + 60 * D))
    expect(s.rowsAdded).toBe(1440)
    // 1440 records at 300 a page is 5 pages; the 6th request finds nothing newer and ends the run
    expect(fake.received(FUNDING).length - before).toBe(6)
  })

  test('resumes after a partial run and ends with the one-shot file', async () => {
    const d = dir()
    const one = join(d, 'one.csv')
    const part = join(d, 'part.csv')
    await fetchFundingToCsv({ exchange: deribit(), symbol: 'BTC/USD:BTC', sinceMs: JAN1, untilMs: JAN1 + 30 * D, out: one, retry: fast })
    await fetchFundingToCsv({ exchange: deribit(), symbol: 'BTC/USD:BTC', sinceMs: JAN1, untilMs: JAN1 + 30 * D, out: part, retry: fast, maxPages: 1, checkpointMs: 0 })
    expect(readFileSync(part, 'utf8').trim().split('\n')).toHaveLength(301)
    await fetchFundingToCsv({ exchange: deribit(), symbol: 'BTC/USD:BTC', sinceMs: JAN1, untilMs: JAN1 + 30 * D, out: part, retry: fast })
    expect(readFileSync(part, 'utf8')).toBe(readFileSync(one, 'utf8'))
  })

  test('an option is not a perpetual: input error naming --symbol', async () => {
    const option = fake.market.instruments(Date.now(), 'BTC', 'option')[0]!
    const symbol = `BTC/USD:BTC-${new Date(option.expiration_timestamp).toISOString().slice(2, 10).replaceAll('-', '')}-${option.strike}-C`
    await expect(fetchFundingToCsv({ exchange: deribit(), symbol, sinceMs: JAN1, out: join(dir(), 'x.csv') }))
      .rejects.toThrow(InputError)
    await expect(fetchFundingToCsv({ exchange: deribit(), symbol, sinceMs: JAN1, out: join(dir(), 'x.csv') }))
      .rejects.toThrow(/symbol is not a perpetual on deribit.*\nWhere: --symbol\nFix: use one of BTC\/USD:BTC/s)
  })

  test('Deribit perpetual candles through get_tradingview_chart_data, 48 per page', async () => {
    const out = join(dir(), 'perp.csv')
    const s = await fetchOhlcvToCsv({ exchange: deribit(), symbol: 'BTC/USD:BTC', timeframe: '1h', sinceMs: JAN1, untilMs: JAN1 + 10 * D, limit: 48, out, retry: fast })
    expect(s.rowsAdded).toBe(240)
    const lines = readFileSync(out, 'utf8').trim().split('\n')
    const c = fake.market.perpCandle('BTC', JAN1 + 100 * H, H)
    expect(lines[101]).toBe(['2024-01-05T04:00:00.000Z', c.open, c.high, c.low, c.close, c.volume].join(','))
    expect(new Set(lines.map((l) => l.split(',')[0])).size).toBe(241)
  })
})
