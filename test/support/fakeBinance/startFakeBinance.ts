import { seededUnit, startFakeHttp, type FakeHttp, type RecordedRequest } from '../httpFake.ts'

// Wire formats follow the Binance Spot REST docs (developers.binance.com, "General API information",
// "Exchange information", "Kline/Candlestick data") and what ccxt's binance.js reads from them
// (fetchMarkets -> parseMarket, fetchOHLCV -> parseOHLCV, handleErrors).

/** Interval names Binance accepts, in ms. */
export const BINANCE_INTERVAL_MS: Readonly<Record<string, number>> = {
  '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000,
  '1h': 3_600_000, '2h': 7_200_000, '4h': 14_400_000, '6h': 21_600_000, '8h': 28_800_000, '12h': 43_200_000,
  '1d': 86_400_000, '3d': 259_200_000, '1w': 604_800_000,
}

export interface FakeBinanceSymbol {
  readonly symbol: string // exchange id, e.g. BTCUSDT
  readonly base: string
  readonly quote: string
  /** First candle open time: nothing exists before it, as for a real listing. */
  readonly listedMs: number
  /** Price level the deterministic path moves around, in quote currency. */
  readonly basePrice: number
}

export interface FakeBinanceOptions {
  readonly host?: string
  readonly port?: number
  readonly seed?: number
  readonly symbols?: readonly FakeBinanceSymbol[]
  /** The server's clock; klines stop at the candle open at this time (which is still forming). */
  readonly nowMs?: () => number
  /** Delay before every answer. */
  readonly delayMs?: number
}

export interface FakeBinance extends FakeHttp {
  /** The next `times` klines requests answer 429 with `Retry-After: retryAfterSec` (Binance's rate-limit answer). */
  rateLimitNext(times: number, retryAfterSec?: number): void
  /** The next `times` klines requests answer `status` (a 5xx gateway error with an HTML body, as a proxy sends). */
  serverErrorNext(times: number, status?: number): void
  /** The next `times` klines requests are accepted and never answered. */
  hangNext(times: number): void
  /** The exact candles the server holds for `symbol` in [fromMs, toMs): the reference a fetch must equal. */
  candles(symbol: string, interval: string, fromMs: number, toMs: number): Array<[number, number, number, number, number, number]>
}

export const DEFAULT_BINANCE_SYMBOLS: readonly FakeBinanceSymbol[] = [
  { symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', listedMs: Date.UTC(2017, 7, 17), basePrice: 30_000 },
  { symbol: 'ETHUSDT', base: 'ETH', quote: 'USDT', listedMs: Date.UTC(2017, 7, 17), basePrice: 2_000 },
  { symbol: 'ETHBTC', base: 'ETH', quote: 'BTC', listedMs: Date.UTC(2017, 6, 14), basePrice: 0.06 },
]

const KLINES = 'api/v3/klines'

/** A local Binance spot API on 127.0.0.1: exchangeInfo (for ccxt's loadMarkets with only spot markets) and
 * klines with startTime/endTime/limit, from a deterministic price path; plus 429 / 5xx / hang faults.
 * @example const b = await startFakeBinance(); const ex = createExchange('binance', { baseUrl: b.url }) */
export async function startFakeBinance(o: FakeBinanceOptions = {}): Promise<FakeBinance> {
  const seed = o.seed ?? 1
  const now = o.nowMs ?? Date.now
  const symbols = new Map((o.symbols ?? DEFAULT_BINANCE_SYMBOLS).map((s) => [s.symbol, s]))
  const http = await startFakeHttp({
    ...(o.host === undefined ? {} : { host: o.host }),
    ...(o.port === undefined ? {} : { port: o.port }),
    ...(o.delayMs === undefined ? {} : { delayMs: o.delayMs }),
    notFound: () => ({ status: 404, text: '<html><body><h1>404 Not Found</h1></body></html>' }),
  })

  const candle = (s: FakeBinanceSymbol, si: number, stepMs: number, t: number): [number, number, number, number, number, number] => {
    const level = (x: number) => s.basePrice * (1 + 0.15 * Math.sin(x / (40 * 86_400_000)) + 0.02 * (seededUnit(seed, si, x) - 0.5))
    const open = level(t - stepMs)
    const close = level(t)
    const high = Math.max(open, close) * (1 + 0.003 * seededUnit(seed, si, t, 1))
    const low = Math.min(open, close) * (1 - 0.003 * seededUnit(seed, si, t, 2))
    const volume = 5 + 200 * seededUnit(seed, si, t, 3)
    // Binance sends decimals as strings with 8 places; round here so the reference equals what is parsed
    const r = (x: number) => Number(x.toFixed(8))
    return [t, r(open), r(high), r(low), r(close), r(volume)]
  }
  const indexOf = (id: string) => [...symbols.keys()].indexOf(id)

  const series = (id: string, interval: string, fromMs: number, toMs: number, limit: number, fromEnd: boolean) => {
    const s = symbols.get(id)
    const step = BINANCE_INTERVAL_MS[interval]
    if (s === undefined || step === undefined) return []
    const first = Math.max(Math.ceil(fromMs / step) * step, Math.ceil(s.listedMs / step) * step)
    const last = Math.floor(Math.min(toMs, now()) / step) * step
    if (last < first) return []
    const n = Math.floor((last - first) / step) + 1
    const count = Math.min(n, limit)
    const start = fromEnd ? last - (count - 1) * step : first
    const out: Array<[number, number, number, number, number, number]> = []
    for (let i = 0; i < count; i++) out.push(candle(s, indexOf(id), step, start + i * step))
    return out
  }

  http.route('api/v3/exchangeInfo', () => ({
    json: {
      timezone: 'UTC',
      serverTime: now(),
      rateLimits: [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
        { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
        { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
      ],
      exchangeFilters: [],
      symbols: [...symbols.values()].map((s) => ({
        symbol: s.symbol,
        status: 'TRADING',
        baseAsset: s.base,
        baseAssetPrecision: 8,
        quoteAsset: s.quote,
        quotePrecision: 8,
        quoteAssetPrecision: 8,
        baseCommissionPrecision: 8,
        quoteCommissionPrecision: 8,
        orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
        icebergAllowed: true,
        ocoAllowed: true,
        quoteOrderQtyMarketAllowed: true,
        allowTrailingStop: true,
        cancelReplaceAllowed: true,
        isSpotTradingAllowed: true,
        isMarginTradingAllowed: true,
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
          { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
          { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
        ],
        permissions: [],
        permissionSets: [['SPOT', 'MARGIN']],
        defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
        allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
      })),
    },
  }))

  http.route(KLINES, (req: RecordedRequest) => {
    const q = req.query
    const interval = q['interval'] ?? ''
    if (q['symbol'] === undefined || !symbols.has(q['symbol'])) return { status: 400, json: { code: -1121, msg: 'Invalid symbol.' } }
    if (BINANCE_INTERVAL_MS[interval] === undefined) return { status: 400, json: { code: -1120, msg: 'Invalid interval.' } }
    const limit = Math.min(Number(q['limit'] ?? 500), 1000)
    const hasStart = q['startTime'] !== undefined
    const from = hasStart ? Number(q['startTime']) : 0
    const to = q['endTime'] !== undefined ? Number(q['endTime']) : Number.MAX_SAFE_INTEGER
    const step = BINANCE_INTERVAL_MS[interval]!
    const rows = series(q['symbol'], interval, from, to, limit, !hasStart)
    return {
      json: rows.map(([t, op, hi, lo, cl, vol]) => [
        t, op.toFixed(8), hi.toFixed(8), lo.toFixed(8), cl.toFixed(8), vol.toFixed(8), t + step - 1,
        (vol * cl).toFixed(8), 100 + Math.floor(seededUnit(seed, t, 9) * 900), (vol / 2).toFixed(8), ((vol * cl) / 2).toFixed(8), '0',
      ]),
    }
  })

  return {
    ...http,
    rateLimitNext: (times, retryAfterSec = 1) => http.failNext(times, {
      kind: 'status', status: 429, headers: { 'Retry-After': String(retryAfterSec), 'content-type': 'application/json' },
      body: JSON.stringify({ code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE.' }),
    }, KLINES),
    serverErrorNext: (times, status = 502) => http.failNext(times, {
      kind: 'status', status, body: `<html><body><h1>${status} Bad Gateway</h1></body></html>`,
    }, KLINES),
    hangNext: (times) => http.failNext(times, { kind: 'hang' }, KLINES),
    candles: (symbol, interval, fromMs, toMs) => series(symbol, interval, fromMs, toMs - 1, Number.MAX_SAFE_INTEGER, false),
  }
}
