import { afterAll, beforeAll, expect, test } from 'vitest'
import { createExchange } from '../../../data/fetch/createExchange.ts'
import { startFakeDeribit, type FakeDeribit } from './startFakeDeribit.ts'
import { verifyDeribitAuth } from './deribitAuth.ts'

let d: FakeDeribit
beforeAll(async () => { d = await startFakeDeribit({ seed: 2, nowMs: () => Date.UTC(2024, 5, 3, 12) }) })
afterAll(async () => { await d.close() })

test('answers JSON-RPC over GET and POST, with Deribit\'s envelope and error shape', async () => {
  const get = await (await fetch(`${d.url}/api/v2/public/get_time`)).json() as Record<string, unknown>
  expect(get).toMatchObject({ jsonrpc: '2.0', result: Date.UTC(2024, 5, 3, 12), testnet: false })
  const post = await (await fetch(`${d.url}/api/v2`, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'public/get_index_price', params: { index_name: 'btc_usd' } }) })).json() as Record<string, unknown>
  expect(post).toMatchObject({ id: 7, result: { index_price: d.market.indexPrice('BTC', Date.UTC(2024, 5, 3, 12)) } })
  const missing = await fetch(`${d.url}/api/v2/public/no_such_method`)
  expect(missing.status).toBe(400)
  expect(await missing.json()).toMatchObject({ error: { code: -32601, message: 'Method not found' } })
  const bad = await (await fetch(`${d.url}/api/v2/public/get_volatility_index_data?currency=BTC&resolution=7&start_timestamp=0&end_timestamp=1`)).json()
  expect(bad).toMatchObject({ error: { code: -32602, data: { param: 'resolution' } } })
  expect(d.received('public/get_time')).toHaveLength(1)
  expect(d.received('public/get_index_price')[0]!.method).toBe('POST')
})

test('listed expiries are Deribit\'s: 08:00 UTC dailies and Fridays, named like 7JUN24', () => {
  const ex = d.market.expiries(Date.UTC(2024, 5, 3, 12)) // a Monday
  expect(ex.map((t) => new Date(t).toISOString().slice(0, 16))).toEqual([
    '2024-06-04T08:00', '2024-06-05T08:00', '2024-06-06T08:00', '2024-06-07T08:00', '2024-06-14T08:00', '2024-06-21T08:00', '2024-06-28T08:00'])
  const names = d.market.instruments(Date.UTC(2024, 5, 3, 12), 'BTC', 'option').map((i) => i.instrument_name)
  expect(names).toContain(`BTC-7JUN24-${Math.round(d.market.indexPrice('BTC', Date.UTC(2024, 5, 3, 12)) / 1000) * 1000}-C`)
})

test('a private method added later sees ccxt\'s signed request and can verify it', async () => {
  const keys = { apiKey: 'test-key', secret: 'test-secret' }
  d.method('private/get_positions', (p, req) => {
    verifyDeribitAuth(req, keys)
    return [{ instrument_name: 'BTC-PERPETUAL', direction: 'buy', size: 100, average_price: 60000, kind: 'future', mark_price: 60100, index_price: 60050, total_profit_loss: 0.0001, currency: p['currency'] ?? 'BTC' }]
  })
  const ex = createExchange('deribit', { baseUrl: d.url, rateLimitMs: 1, ...keys })
  const positions = await ex.fetchPositions(undefined, { currency: 'BTC' })
  expect(positions).toHaveLength(1)
  expect(positions[0]!.symbol).toBe('BTC/USD:BTC')
  expect(d.received('private/get_positions')[0]!.headers['authorization']).toMatch(/^deri-hmac-sha256 id=test-key,ts=\d+,sig=[0-9a-f]{64},nonce=/)
  const wrong = createExchange('deribit', { baseUrl: d.url, rateLimitMs: 1, apiKey: 'test-key', secret: 'other' })
  await expect(wrong.fetchPositions(undefined, { currency: 'BTC' })).rejects.toThrow(/unauthorized|invalid signature/)
})
