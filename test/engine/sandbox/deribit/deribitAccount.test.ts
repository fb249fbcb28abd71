import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Exchange } from 'ccxt'
import { createExchange } from '../../../../data/fetch/createExchange.ts'
import { startDeribitEmulator, type DeribitEmulator } from '../../../../engine/sandbox/deribit/startDeribitEmulator.ts'
import { addDeribitAccount, type DeribitAccount } from '../../../../engine/sandbox/deribit/deribitAccount.ts'

const T = Date.UTC(2024, 5, 3, 12) // a Monday; 7JUN24 is a listed Friday expiry
let d: DeribitEmulator
let acct: DeribitAccount
let ex: Exchange
let call: string // ccxt symbol of an ATM call
beforeAll(async () => {
  d = await startDeribitEmulator({ seed: 3, nowMs: () => T })
  acct = addDeribitAccount(d, { apiKey: 'k', secret: 's', balances: { BTC: 10, ETH: 100 } })
  ex = createExchange('deribit', { baseUrl: d.url, apiKey: 'k', secret: 's', rateLimitMs: 1 })
  await ex.loadMarkets()
  const atm = Math.round(d.market.indexPrice('BTC', T) / 1000) * 1000
  call = `BTC/USD:BTC-240607-${atm}-C`
})
afterAll(async () => { await d.close() })

test('a market sell fills at the bid levels, pays the option fee and is found again by its label', async () => {
  const ins = d.market.instruments(T, 'BTC', 'option').find((i) => i.instrument_name === ex.market(call).id)!
  const q = d.market.optionQuote(ins, T)
  const o = await ex.createOrder(call, 'market', 'sell', 2, undefined, { label: 'ov-a' })
  expect(o.status).toBe('closed')
  expect(o.filled).toBe(2)
  expect(o.average).toBe(q.bid) // 2 contracts fit in the first level (5)
  // Deribit fee schedule: min(0.03% of underlying, 12.5% of price) per contract, in BTC
  expect(Number(o.fee!.cost)).toBeCloseTo(2 * Math.min(0.0003, 0.125 * q.bid!), 10)
  const found = await ex.privateGetGetOrderStateByLabel({ currency: 'BTC', label: 'ov-a' }) as { result: { order_id: string }[] }
  expect(found.result.map((r) => r.order_id)).toEqual([o.id])
  expect(acct.balance('BTC')).toBeCloseTo(10 + 2 * q.bid! - Number(o.fee!.cost), 10)
  const pos = await ex.fetchPositions()
  expect(pos.find((p) => p.symbol === call)).toMatchObject({ contracts: -2, side: 'short' }) // Deribit's size is signed
})

test('a perpetual order is in USD multiples of 10; anything else is Deribit\'s invalid-params error', async () => {
  const o = await ex.createOrder('BTC/USD:BTC', 'market', 'buy', 20_000, undefined, { label: 'ov-p' })
  expect(o.filled).toBe(20_000)
  expect(o.average).toBe(d.market.indexPrice('BTC', T) + 0.5) // first ask level: index + half the 1 USD spread
  // ccxt rounds amounts to the contract size itself, so send the raw call to see the emulator's check
  await expect(ex.privateGetBuy({ instrument_name: 'BTC-PERPETUAL', amount: 15, type: 'market' })).rejects.toThrow(/multiple of contract size/)
})

test('partial fill rests the remainder of a limit order; it can be amended and cancelled', async () => {
  acct.partialFillNext(1, 0.5)
  const ins = d.market.instruments(T, 'BTC', 'option').find((i) => i.instrument_name === ex.market(call).id)!
  const ask = d.market.optionQuote(ins, T).ask
  const o = await ex.createOrder(call, 'limit', 'buy', 1, ask, { label: 'ov-b' })
  expect(o.status).toBe('open')
  expect(o.filled).toBe(0.5)
  expect((await ex.fetchOpenOrders(undefined, undefined, undefined, { code: 'BTC' })).map((x) => x.id)).toEqual([o.id])
  const edited = await ex.editOrder(o.id!, call, 'limit', 'buy', 0.5, ask)
  expect(edited.status).toBe('closed') // amount cut to what was filled: nothing left to do
  const r = await ex.createOrder(call, 'limit', 'buy', 1, 0.0001, { label: 'ov-c' }) // far below the ask: rests
  expect(r.status).toBe('open')
  const c = await ex.cancelOrder(r.id!)
  expect(c.status).toBe('canceled')
  await expect(ex.cancelOrder(r.id!)).rejects.toThrow(/not_open_order/)
})

test('rejects and signature checks answer Deribit\'s error codes', async () => {
  acct.rejectNext(1)
  await expect(ex.createOrder(call, 'market', 'sell', 1, undefined, { label: 'ov-r' })).rejects.toThrow(/not_enough_funds/)
  expect([...acct.orders.values()].some((o) => o.label === 'ov-r')).toBe(false) // a reject places nothing
  const bad = createExchange('deribit', { baseUrl: d.url, apiKey: 'k', secret: 'wrong', rateLimitMs: 1 })
  await bad.loadMarkets()
  await expect(bad.fetchBalance()).rejects.toThrow(/invalid signature|unauthorized/)
})

test('429 carries Retry-After; a dropped answer still places the order', async () => {
  d.retryAfterNext(1, 2, 'private/get_positions')
  const r = await fetch(`${d.url}/api/v2/private/get_positions`)
  expect(r.status).toBe(429)
  expect(r.headers.get('retry-after')).toBe('2')
  acct.dropAnswerNext(1)
  const quick = createExchange('deribit', { baseUrl: d.url, apiKey: 'k', secret: 's', rateLimitMs: 1, timeoutMs: 300 })
  await quick.loadMarkets()
  await expect(quick.createOrder(call, 'market', 'sell', 1, undefined, { label: 'ov-d' })).rejects.toThrow(/timed out|RequestTimeout/i)
  expect([...acct.orders.values()].filter((o) => o.label === 'ov-d')).toHaveLength(1)
})

test('get_order_book shows the levels orders match against', async () => {
  const ob = await ex.fetchOrderBook('BTC/USD:BTC', 3)
  const idx = d.market.indexPrice('BTC', T)
  // perpetual book: index -/+ 0.5 USD at the touch, 0.5 USD steps, 500 000 USD per level
  expect(ob.bids).toEqual([[idx - 0.5, 500_000], [idx - 1, 500_000], [idx - 1.5, 500_000]])
  expect(ob.asks[0]).toEqual([idx + 0.5, 500_000])
  const opt = await ex.fetchOrderBook(call)
  const ins = d.market.instruments(T, 'BTC', 'option').find((i) => i.instrument_name === ex.market(call).id)!
  expect(opt.asks[0]![0]).toBe(d.market.optionQuote(ins, T).ask)
  expect(opt.asks).toHaveLength(10)
})
