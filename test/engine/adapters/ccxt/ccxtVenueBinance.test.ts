import { afterEach, beforeEach, expect, test } from 'vitest'
import { CcxtVenue, type VenueEvent } from '../../../../engine/adapters/ccxt/ccxtVenue.ts'
import { startFakeBinance, type FakeBinance } from '../../../support/fakeBinance/startFakeBinance.ts'
import { addBinanceSpotOrders, type BinanceOrders } from './support/binanceSpotOrders.ts'

// The generic path (any ccxt exchange but Deribit): spot hedges with the client id as ccxt's clientOrderId
// (Binance's newClientOrderId), looked up in the exchange's open and closed orders before every create and retry.
let b: FakeBinance
let orders: BinanceOrders
let events: VenueEvent[]
beforeEach(async () => {
  b = await startFakeBinance()
  orders = addBinanceSpotOrders(b, { apiKey: 'bk', secret: 'bs' }, 30_000)
  events = []
})
afterEach(async () => { await b.close() })

const venue = (timeoutMs = 3_000) => new CcxtVenue({
  exchangeId: 'binance', baseUrl: b.url, apiKey: 'bk', secret: 'bs', marketTypes: ['spot'], rateLimitMs: 1, timeoutMs,
  maxAttempts: 3, backoffMs: 10, onEvent: (e) => { events.push(e) },
})
const hedge = { clientId: 'ov-spot-1', instrument: 'BTC/USDT', side: 'buy' as const, qty: 0.25, purpose: 'hedge' as const, reason: 'test' }

test('a spot hedge on Binance carries the client id; the same id again places nothing', async () => {
  const a = await venue().submit(hedge)
  expect(a).toMatchObject({ clientId: 'ov-spot-1', status: 'filled', filledQty: 0.25 })
  expect(orders.orders.map((o) => [o.clientOrderId, o.side, o.type, o.origQty])).toEqual([['ov-spot-1', 'BUY', 'MARKET', '0.25']])
  const again = await venue().submit(hedge)
  expect(again).toMatchObject({ status: 'filled', venueOrderId: '1' })
  expect(orders.orders).toHaveLength(1)
})

test('a lost answer on Binance: the retry finds the order by clientOrderId instead of placing it again', async () => {
  const v = venue(500)
  await v.ready()
  orders.dropAnswerNext(1)
  const a = await v.submit(hedge)
  expect(a.status).toBe('filled')
  expect(orders.orders).toHaveLength(1)
  expect(events.filter((e) => e.kind === 'retry')).toHaveLength(1)
})
