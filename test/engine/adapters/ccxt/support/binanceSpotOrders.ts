import { createHmac } from 'node:crypto'
import type { FakeBinance } from '../../../../support/fakeBinance/startFakeBinance.ts'
import type { RecordedRequest } from '../../../../support/httpFake.ts'

// Binance spot's signed order endpoints (binance-docs.github.io/apidocs/spot: POST/GET/DELETE /api/v3/order,
// /api/v3/openOrders, /api/v3/allOrders, /api/v3/myTrades, /api/v3/account), on top of the market-data fake: enough
// for ccxt's createOrder, fetchOrder, cancelOrder, fetchOpenOrders, fetchClosedOrders, fetchMyTrades, fetchBalance.
// Market orders fill at once at a fixed price; limit orders rest. HMAC-SHA256 of the query string is checked.

export interface SpotOrder {
  symbol: string; orderId: number; clientOrderId: string; price: string; origQty: string; executedQty: string
  cummulativeQuoteQty: string; status: 'NEW' | 'FILLED' | 'CANCELED'; timeInForce: string; type: string; side: 'BUY' | 'SELL'
  time: number; updateTime: number; isWorking: boolean; origQuoteOrderQty: string; workingTime: number; selfTradePreventionMode: string
}

export interface BinanceOrders {
  readonly orders: SpotOrder[]
  /** The next `times` order placements are carried out but answered only after 2 s (the client has timed out). */
  dropAnswerNext(times: number): void
}

export function addBinanceSpotOrders(b: FakeBinance, keys: { apiKey: string; secret: string }, pricePerBase: number): BinanceOrders {
  const orders: SpotOrder[] = []
  const trades: Record<string, unknown>[] = []
  let drop = 0
  const params = (req: RecordedRequest): Record<string, string> => {
    const raw = req.method === 'GET' || req.method === 'DELETE' ? new URLSearchParams(req.query).toString() : req.body
    const p = Object.fromEntries(new URLSearchParams(raw))
    const { signature, ...rest } = p
    const signed = raw.slice(0, raw.lastIndexOf('&signature='))
    if (req.headers['x-mbx-apikey'] !== keys.apiKey || createHmac('sha256', keys.secret).update(signed).digest('hex') !== signature) {
      throw Object.assign(new Error('bad signature'), { code: -1022 })
    }
    return rest
  }
  const answer = (req: RecordedRequest, run: (p: Record<string, string>) => unknown) => {
    try { return { json: run(params(req)) } } catch (e) {
      const code = (e as { code?: number }).code ?? -1000
      return { status: 400, json: { code, msg: (e as Error).message } }
    }
  }
  const find = (p: Record<string, string>) => orders.find((o) => o.symbol === p['symbol'] &&
    (p['orderId'] !== undefined ? String(o.orderId) === p['orderId'] : o.clientOrderId === p['origClientOrderId']))
  b.route('api/v3/order', async (req) => {
    const late = req.method === 'POST' && drop > 0
    if (late) drop--
    const a = answer(req, (p) => {
    if (req.method === 'POST') {
      const t = Date.now()
      const qty = Number(p['quantity'])
      const market = p['type'] === 'MARKET'
      const px = market ? pricePerBase : Number(p['price'])
      const o: SpotOrder = {
        symbol: p['symbol'] as string, orderId: orders.length + 1, clientOrderId: p['newClientOrderId'] as string, price: market ? '0.00000000' : String(px),
        origQty: String(qty), executedQty: market ? String(qty) : '0', cummulativeQuoteQty: market ? String(qty * px) : '0',
        status: market ? 'FILLED' : 'NEW', timeInForce: p['timeInForce'] ?? 'GTC', type: p['type'] as string, side: p['side'] as 'BUY' | 'SELL',
        time: t, updateTime: t, isWorking: true, origQuoteOrderQty: '0', workingTime: t, selfTradePreventionMode: 'NONE',
      }
      orders.push(o)
      if (market) {
        trades.push({ symbol: o.symbol, id: trades.length + 1, orderId: o.orderId, price: String(px), qty: String(qty), quoteQty: String(qty * px),
          commission: String(qty * 0.001), commissionAsset: o.symbol.slice(0, 3), time: t, isBuyer: o.side === 'BUY', isMaker: false, isBestMatch: true })
      }
      return { ...o, transactTime: t, fills: [] }
    }
    const o = find(p)
    if (o === undefined) throw Object.assign(new Error('Order does not exist.'), { code: -2013 })
    if (req.method === 'DELETE') {
      if (o.status !== 'NEW') throw Object.assign(new Error('Unknown order sent.'), { code: -2011 })
      o.status = 'CANCELED'
    }
    return o
    })
    // the order is placed; the answer comes after the client gave up waiting
    if (late) await new Promise((r) => setTimeout(r, 2_000))
    return a
  })
  // ccxt's loadMarkets asks for margin pairs once it has keys; this account trades spot only
  b.route('sapi/v1/margin/allPairs', (req) => answer(req, () => []))
  b.route('sapi/v1/margin/isolated/allPairs', (req) => answer(req, () => []))
  b.route('api/v3/openOrders', (req) => answer(req, (p) => orders.filter((o) => o.status === 'NEW' && (p['symbol'] === undefined || o.symbol === p['symbol']))))
  b.route('api/v3/allOrders', (req) => answer(req, (p) => orders.filter((o) => o.symbol === p['symbol'])))
  b.route('api/v3/myTrades', (req) => answer(req, (p) => trades.filter((t) => t['symbol'] === p['symbol'])))
  b.route('api/v3/account', (req) => answer(req, () => ({ makerCommission: 10, takerCommission: 10, canTrade: true, updateTime: Date.now(), accountType: 'SPOT',
    balances: [{ asset: 'BTC', free: '1.00000000', locked: '0.00000000' }, { asset: 'USDT', free: '100000.00000000', locked: '0.00000000' }], permissions: ['SPOT'] })))
  return { orders, dropAnswerNext: (n) => { drop = n } }
}
