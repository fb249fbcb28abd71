import { afterEach, beforeEach, expect, test } from 'vitest'
import { CcxtVenue, type VenueEvent } from '../../../../engine/adapters/ccxt/ccxtVenue.ts'
import { VenueRejectedError, VenueTimeoutError } from '../../../../engine/adapters/ccxt/venueErrors.ts'
import { startDeribitEmulator, type DeribitEmulator } from '../../../../engine/sandbox/deribit/startDeribitEmulator.ts'
import { addDeribitAccount, type DeribitAccount } from '../../../../engine/sandbox/deribit/deribitAccount.ts'
import type { OrderIntent } from '../../../../engine/ports/executionPort.ts'

const T = Date.UTC(2024, 5, 3, 12)
let d: DeribitEmulator
let acct: DeribitAccount
let waits: number[]
let events: VenueEvent[]
let atm: number

const venue = (o: { timeoutMs?: number; maxAttempts?: number } = {}) => new CcxtVenue({
  exchangeId: 'deribit', baseUrl: d.url, apiKey: 'k', secret: 's', rateLimitMs: 1, currencies: ['BTC'],
  timeoutMs: o.timeoutMs ?? 2_000, maxAttempts: o.maxAttempts ?? 4,
  sleep: async (ms) => { waits.push(ms) }, onEvent: (e) => { events.push(e) },
})
const sellCall = (clientId: string, qty = 1): OrderIntent =>
  ({ clientId, instrument: `BTC-7JUN24-${atm}-C`, side: 'sell', qty, purpose: 'option', reason: 'test' })

beforeEach(async () => {
  d = await startDeribitEmulator({ seed: 5, nowMs: () => T })
  acct = addDeribitAccount(d, { apiKey: 'k', secret: 's' })
  waits = []
  events = []
  atm = Math.round(d.market.indexPrice('BTC', T) / 1000) * 1000
})
afterEach(async () => { await d.close() })

test('a market sell fills; submitting the same client id again (even from a new process) places nothing', async () => {
  const a = await venue().submit(sellCall('ov-1'))
  expect(a).toMatchObject({ clientId: 'ov-1', status: 'filled', filledQty: 1 })
  expect(a.fills[0]).toMatchObject({ instrument: `BTC-7JUN24-${atm}-C`, side: 'sell', qty: 1, feeCurrency: 'BTC' })
  const again = await venue().submit(sellCall('ov-1'))
  expect(again).toMatchObject({ status: 'filled', filledQty: 1, venueOrderId: a.venueOrderId })
  expect(d.received('private/sell')).toHaveLength(1)
  expect(acct.orders.size).toBe(1)
})

test('a lost answer: the retry looks the label up and finds the order instead of placing it again', async () => {
  acct.dropAnswerNext(1)
  const a = await venue({ timeoutMs: 300 }).submit(sellCall('ov-2'))
  expect(a.status).toBe('filled')
  expect(d.received('private/sell')).toHaveLength(1)
  expect(events.filter((e) => e.kind === 'retry')).toHaveLength(1)
  expect(events.filter((e) => e.kind === 'lookup' && e.found)).toHaveLength(1)
})

test('5xx twice, then success: one order, two back-offs that double', async () => {
  d.serverErrorNext(2, 503, 'private/sell')
  const a = await venue().submit(sellCall('ov-3'))
  expect(a.status).toBe('filled')
  expect(d.received('private/sell')).toHaveLength(3)
  expect(acct.orders.size).toBe(1)
  expect(waits).toEqual([250, 500])
})

test('429 waits at least Retry-After', async () => {
  d.retryAfterNext(1, 3, 'private/sell')
  await venue().submit(sellCall('ov-4'))
  expect(waits).toEqual([3000])
  expect(acct.orders.size).toBe(1)
})

test('a reject is not retried and says why; no order exists', async () => {
  acct.rejectNext(1)
  const e = await venue().submit(sellCall('ov-5')).catch((x: unknown) => x)
  expect(e).toBeInstanceOf(VenueRejectedError)
  expect((e as VenueRejectedError).retryable).toBe(false)
  expect((e as Error).message).toMatch(/not_enough_funds/)
  expect(d.received('private/sell')).toHaveLength(1)
  expect(acct.orders.size).toBe(0)
})

test('a venue that never answers ends in VenueTimeoutError (retryable) after maxAttempts', async () => {
  d.hangNext(10, 'private/sell')
  const e = await venue({ timeoutMs: 200, maxAttempts: 3 }).submit(sellCall('ov-6')).catch((x: unknown) => x)
  expect(e).toBeInstanceOf(VenueTimeoutError)
  expect((e as VenueTimeoutError).retryable).toBe(true)
  expect(d.received('private/sell')).toHaveLength(3)
})

test('perpetual hedge: qty in BTC becomes a USD amount and comes back as BTC', async () => {
  const v = venue()
  const a = await v.submit({ clientId: 'ov-h', instrument: 'BTC-PERPETUAL', side: 'buy', qty: 0.5, purpose: 'hedge', reason: 'delta' })
  const idx = d.market.indexPrice('BTC', T)
  const usd = Math.round((0.5 * idx) / 10) * 10 // Deribit perp: 10 USD contracts
  expect(d.received('private/buy')[0]!.query['amount']).toBe(String(usd))
  expect(a.filledQty).toBeCloseTo(usd / (idx + 0.5), 8)
  const pos = await v.positions()
  expect(pos).toEqual([{ instrument: 'BTC-PERPETUAL', qty: expect.closeTo(usd / idx, 6), avgPrice: idx + 0.5 }])
})

test('partial fill, open orders, amend and cancel by client id', async () => {
  const v = venue()
  acct.partialFillNext(1, 0.5)
  const ask = d.market.optionQuote(d.market.instruments(T, 'BTC', 'option').find((i) => i.instrument_name === `BTC-7JUN24-${atm}-C`)!, T).ask
  const a = await v.submit({ ...sellCall('ov-7', 2), side: 'buy', limitPrice: ask })
  expect(a).toMatchObject({ status: 'partially-filled', filledQty: 1 })
  expect((await v.openOrders()).map((o) => [o.clientId, o.status])).toEqual([['ov-7', 'partially-filled']])
  const amended = await v.amend('ov-7', { limitPrice: 0.0001 })
  expect(amended.status).toBe('partially-filled')
  await v.cancel('ov-7')
  expect(await v.openOrders()).toEqual([])
  expect((await v.find('ov-7'))?.status).toBe('cancelled')
  await v.cancel('ov-7') // already cancelled: nothing to do, no error
})
