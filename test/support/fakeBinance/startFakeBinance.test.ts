import { afterAll, beforeAll, expect, test } from 'vitest'
import { startFakeBinance, type FakeBinance } from './startFakeBinance.ts'

const NOW = Date.UTC(2024, 5, 1, 12, 30)
const H = 3_600_000
let b: FakeBinance
beforeAll(async () => { b = await startFakeBinance({ seed: 4, nowMs: () => NOW }) })
afterAll(async () => { await b.close() })
const klines = async (q: string) => {
  const r = await fetch(`${b.url}/api/v3/klines?${q}`)
  return { status: r.status, body: await r.json() as unknown }
}

test('klines follow Binance\'s rules: startTime aligned up, endTime inclusive, limit capped at 1000', async () => {
  const a = await klines(`symbol=BTCUSDT&interval=1h&startTime=${Date.UTC(2024, 0, 1) + 1}&endTime=${Date.UTC(2024, 0, 1, 5)}`)
  const rows = a.body as Array<[number, string, string, string, string, string, number]>
  expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5].map((h) => Date.UTC(2024, 0, 1, h)))
  expect(rows[0]![6]).toBe(Date.UTC(2024, 0, 1, 2) - 1) // close time = next open - 1 ms
  expect(rows[0]![1]).toMatch(/^\d+\.\d{8}$/) // decimals as strings with 8 places
  const big = await klines(`symbol=BTCUSDT&interval=1m&startTime=${Date.UTC(2024, 0, 1)}&limit=5000`)
  expect((big.body as unknown[]).length).toBe(1000)
})

test('without startTime: the latest candles, the last one still open at the server\'s now', async () => {
  const r = await klines('symbol=ETHUSDT&interval=1h&limit=3')
  expect((r.body as Array<[number]>).map((x) => x[0])).toEqual([NOW - 2.5 * H, NOW - 1.5 * H, NOW - 0.5 * H])
})

test('unknown symbol: 400 with Binance\'s error code; faults take the next requests only', async () => {
  expect(await klines('symbol=NOPE&interval=1h')).toEqual({ status: 400, body: { code: -1121, msg: 'Invalid symbol.' } })
  b.rateLimitNext(1, 7)
  const r = await fetch(`${b.url}/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=1`)
  expect([r.status, r.headers.get('retry-after')]).toEqual([429, '7'])
  expect((await klines('symbol=BTCUSDT&interval=1h&limit=1')).status).toBe(200)
  b.serverErrorNext(1, 504)
  expect((await fetch(`${b.url}/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=1`)).status).toBe(504)
  expect(b.received('api/v3/klines').length).toBeGreaterThanOrEqual(6)
})
