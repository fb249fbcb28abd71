import { HANG, startFakeHttp, type FakeHttp, type FakeResponse, type RecordedRequest } from './sandboxHttp.ts'
import { DeribitRpcError } from './deribitRpcError.ts'
import { deribitMarket, type DeribitMarket, type DeribitMarketOptions } from './deribitMarket.ts'

/** Handles one JSON-RPC method. `params` come from the query string (GET, what ccxt sends) or the body's
 * `params` (POST). Return the `result`; throw DeribitRpcError for an error answer. */
export type DeribitMethod = (params: Readonly<Record<string, string>>, req: RecordedRequest, nowMs: number) => unknown

export interface DeribitEmulatorOptions extends DeribitMarketOptions {
  readonly host?: string
  readonly port?: number
  readonly nowMs?: () => number
  readonly delayMs?: number
  /** Candles per get_volatility_index_data answer before it hands out a `continuation` (Deribit: 1000). */
  readonly volPageSize?: number
  /** Records per get_funding_rate_history answer (Deribit serves up to 744, one month of hours). */
  readonly fundingPageSize?: number
  /** First DVOL candle (Deribit published DVOL from 2021-03-24). */
  readonly dvolStartMs?: number
  /** First funding record of the perpetuals. */
  readonly fundingStartMs?: number
}

export interface DeribitEmulator extends FakeHttp {
  /** The market state behind the answers, to compute expected values in tests. */
  readonly market: DeribitMarket
  /** Adds or replaces a JSON-RPC method, e.g. `method('private/buy', …)` (the private methods of deribitAccount.ts use it). */
  method(name: string, handler: DeribitMethod): void
  /** The next `times` calls of `method` (every method when omitted) answer HTTP 429 with error 10028. */
  rateLimitNext(times: number, method?: string): void
  /** The next `times` calls answer HTTP 429 with a `Retry-After: seconds` header, as Deribit's gateway does. */
  retryAfterNext(times: number, seconds: number, method?: string): void
  serverErrorNext(times: number, status?: number, method?: string): void
  hangNext(times: number, method?: string): void
}

const DAY = 86_400_000
const VOL_RESOLUTION_MS: Readonly<Record<string, number>> = { '1': 1_000, '60': 60_000, '3600': 3_600_000, '43200': 43_200_000, '1D': DAY }
const CHART_RESOLUTION_MS: Readonly<Record<string, number>> = {
  '1': 60_000, '3': 180_000, '5': 300_000, '10': 600_000, '15': 900_000, '30': 1_800_000, '60': 3_600_000,
  '120': 7_200_000, '180': 10_800_000, '360': 21_600_000, '720': 43_200_000, '1D': DAY,
}

/** The Deribit API v2 emulator's public side, on 127.0.0.1: JSON-RPC over HTTP GET `/api/v2/public/<method>?…` (and POST
 * `/api/v2` with a JSON-RPC body), answering from a deterministic market. Public methods for market data
 * are built in; private ones can be added with `method()`. Every call is logged: `received('public/ticker')`.
 * @example const d = await startDeribitEmulator({ seed: 1 }); const ex = createExchange('deribit', { baseUrl: d.url }) */
export async function startDeribitEmulator(o: DeribitEmulatorOptions = {}): Promise<DeribitEmulator> {
  const now = o.nowMs ?? Date.now
  const market = deribitMarket(o)
  const methods = new Map<string, DeribitMethod>()
  const http = await startFakeHttp({
    ...(o.host === undefined ? {} : { host: o.host }),
    ...(o.port === undefined ? {} : { port: o.port }),
    ...(o.delayMs === undefined ? {} : { delayMs: o.delayMs }),
    routeOf: (m, path, body) => {
      if (m === 'POST' && /^\/api\/v2\/?$/.test(path)) {
        try { return String((JSON.parse(body) as { method?: unknown }).method ?? '') } catch { return '' }
      }
      return path.replace(/^\/api\/v2\//, '')
    },
    notFound: (req) => rpcAnswer(req, now(), () => { throw new DeribitRpcError(-32601, 'Method not found') }),
  })
  const envelope = (req: RecordedRequest, t: number) => {
    let id: unknown
    if (req.method === 'POST') { try { id = (JSON.parse(req.body) as { id?: unknown }).id } catch { id = undefined } }
    const us = t * 1000
    return { jsonrpc: '2.0', ...(id === undefined ? {} : { id }), usIn: us, usOut: us + 150, usDiff: 150, testnet: false }
  }
  const paramsOf = (req: RecordedRequest): Record<string, string> => {
    if (req.method !== 'POST') return { ...req.query }
    try {
      const p = (JSON.parse(req.body) as { params?: Record<string, unknown> }).params ?? {}
      return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]))
    } catch { return {} }
  }
  const rpcAnswer = (req: RecordedRequest, t: number, run: () => unknown): FakeResponse => {
    try {
      const result = run()
      if (result === HANG) return { hang: true }
      return { json: { ...envelope(req, t), result } }
    } catch (e) {
      if (!(e instanceof DeribitRpcError)) throw e
      return { status: e.httpStatus, json: { ...envelope(req, t), error: { message: e.message, code: e.code, ...(e.data === undefined ? {} : { data: e.data }) } } }
    }
  }
  const method = (name: string, handler: DeribitMethod) => {
    methods.set(name, handler)
    http.route(name, (req) => { const t = now(); return rpcAnswer(req, t, () => handler(paramsOf(req), req, t)) })
  }
  const need = (p: Readonly<Record<string, string>>, key: string): string => {
    const v = p[key]
    if (v === undefined || v === '') throw new DeribitRpcError(-32602, 'Invalid params', { reason: 'required', param: key })
    return v
  }
  const currencyOf = (p: Readonly<Record<string, string>>): string => {
    const c = need(p, 'currency')
    if (!market.currencies.includes(c)) throw new DeribitRpcError(-32602, 'Invalid params', { reason: 'wrong format', param: 'currency' })
    return c
  }
  const intOf = (p: Readonly<Record<string, string>>, key: string): number => {
    const n = Number(need(p, key))
    if (!Number.isInteger(n)) throw new DeribitRpcError(-32602, 'Invalid params', { reason: 'must be integer', param: key })
    return n
  }

  method('public/get_time', (_p, _r, t) => t)
  method('public/test', () => ({ version: '1.2.26' }))
  method('public/get_currencies', () => market.currencies.map((c) => ({
    currency: c, currency_long: c === 'BTC' ? 'Bitcoin' : c === 'ETH' ? 'Ethereum' : c, coin_type: c === 'BTC' ? 'BITCOIN' : 'ETH',
    fee_precision: 4, min_confirmations: 1, min_withdrawal_fee: 0.0001, withdrawal_fee: 0.0001, apr: 0,
    in_cross_collateral_pool: true, network_currency: c, network_fee: 0.0001, withdrawal_priorities: [],
  })))
  method('public/get_instruments', (p, _r, t) => {
    if (p['currency'] !== undefined && p['currency'] !== 'any' && !market.currencies.includes(p['currency'])) {
      throw new DeribitRpcError(-32602, 'Invalid params', { reason: 'wrong format', param: 'currency' })
    }
    return market.instruments(t, p['currency'], p['kind'])
  })
  method('public/get_book_summary_by_currency', (p, _r, t) => market.bookSummary(t, currencyOf(p), p['kind']))
  method('public/get_book_summary_by_instrument', (p, _r, t) => {
    const name = need(p, 'instrument_name')
    const row = market.bookSummary(t, name.split('-')[0] ?? '').find((r) => r.instrument_name === name)
    if (row === undefined) throw new DeribitRpcError(13020, 'not_found')
    return [row]
  })
  method('public/ticker', (p, _r, t) => {
    const tk = market.ticker(t, need(p, 'instrument_name'))
    if (tk === undefined) throw new DeribitRpcError(13020, 'not_found')
    return tk
  })
  method('public/get_index_price', (p, _r, t) => {
    const c = need(p, 'index_name').split('_')[0]!.toUpperCase()
    return { index_price: market.indexPrice(c, t), estimated_delivery_price: market.indexPrice(c, t) }
  })

  const dvolStart = o.dvolStartMs ?? Date.UTC(2021, 2, 24)
  const volPage = o.volPageSize ?? 1000
  method('public/get_volatility_index_data', (p, _r, t) => {
    const c = currencyOf(p)
    const step = VOL_RESOLUTION_MS[need(p, 'resolution')]
    if (step === undefined) throw new DeribitRpcError(-32602, 'Invalid params', { reason: 'wrong format', param: 'resolution' })
    const start = intOf(p, 'start_timestamp')
    const end = Math.min(intOf(p, 'end_timestamp'), t)
    const first = Math.max(Math.ceil(start / step) * step, Math.ceil(dvolStart / step) * step)
    const last = Math.floor(end / step) * step
    if (last < first) return { data: [], continuation: null }
    // newest first: a long range comes back as its latest page, and `continuation` is the end_timestamp of
    // the next (older) request
    const n = Math.floor((last - first) / step) + 1
    const count = Math.min(n, volPage)
    const from = last - (count - 1) * step
    const data = Array.from({ length: count }, (_, i) => market.dvolCandle(c, from + i * step, step))
    return { data, continuation: count < n ? from - 1 : null }
  })

  const fundingStart = o.fundingStartMs ?? Date.UTC(2019, 0, 1)
  const fundingPage = o.fundingPageSize ?? 744
  method('public/get_funding_rate_history', (p, _r, t) => {
    const name = need(p, 'instrument_name')
    if (!name.endsWith('-PERPETUAL')) throw new DeribitRpcError(-32602, 'Invalid params', { reason: 'not a perpetual', param: 'instrument_name' })
    const c = name.split('-')[0]!
    const h = 3_600_000
    const first = Math.max(Math.ceil(intOf(p, 'start_timestamp') / h) * h, fundingStart)
    const last = Math.floor(Math.min(intOf(p, 'end_timestamp'), t) / h) * h
    const out = []
    for (let ts = first; ts <= last && out.length < fundingPage; ts += h) out.push(market.funding(c, ts))
    return out
  })

  method('public/get_tradingview_chart_data', (p, _r, t) => {
    const name = need(p, 'instrument_name')
    const step = CHART_RESOLUTION_MS[need(p, 'resolution')]
    if (step === undefined) throw new DeribitRpcError(-32602, 'Invalid params', { reason: 'wrong format', param: 'resolution' })
    const c = name.split('-')[0]!
    if (!market.currencies.includes(c)) throw new DeribitRpcError(13020, 'not_found')
    const first = Math.ceil(intOf(p, 'start_timestamp') / step) * step
    const last = Math.floor(Math.min(intOf(p, 'end_timestamp'), t) / step) * step
    const bars = []
    for (let ts = first; ts <= last && bars.length < 5000; ts += step) bars.push(market.perpCandle(c, ts, step))
    return {
      status: bars.length === 0 ? 'no_data' : 'ok',
      ticks: bars.map((b) => b.ts), open: bars.map((b) => b.open), high: bars.map((b) => b.high), low: bars.map((b) => b.low),
      close: bars.map((b) => b.close), volume: bars.map((b) => b.volume), cost: bars.map((b) => Math.round(b.volume * b.close)),
    }
  })

  return {
    ...http,
    market,
    method,
    rateLimitNext: (times, m) => http.failNext(times, {
      kind: 'status', status: 429, headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', error: { message: 'too_many_requests', code: 10028 }, testnet: false, usIn: 0, usOut: 0, usDiff: 0 }),
    }, m),
    retryAfterNext: (times, seconds, m) => http.failNext(times, {
      kind: 'status', status: 429, headers: { 'content-type': 'application/json', 'retry-after': String(seconds) },
      body: JSON.stringify({ jsonrpc: '2.0', error: { message: 'too_many_requests', code: 10028 }, testnet: false, usIn: 0, usOut: 0, usDiff: 0 }),
    }, m),
    serverErrorNext: (times, status = 503, m) => http.failNext(times, { kind: 'status', status, body: `<html><body>${status} Service Unavailable</body></html>` }, m),
    hangNext: (times, m) => http.failNext(times, { kind: 'hang' }, m),
  }
}
