import ccxt, { type Exchange } from 'ccxt'
import { InputError } from '../../engine/errors/input.ts'

export interface CreateExchangeOptions {
  /** Send every REST call to this origin instead of the exchange's (a local fake in tests, a proxy in
   * production). Only scheme, host and port are replaced; each API's path (`/api/v3`, `/fapi/v1`) is kept. */
  readonly baseUrl?: string
  /** Minimum spacing of requests for ccxt's own rate limiter, in ms. Default: the exchange's published limit. */
  readonly rateLimitMs?: number
  /** Per-request timeout, in ms (ccxt raises RequestTimeout after it). Default 10 000. */
  readonly timeoutMs?: number
  /** Which market types `loadMarkets` asks for, where the exchange lets us choose (binance: spot, linear,
   * inverse, option). Fewer types means fewer calls and no need for endpoints we do not use. */
  readonly marketTypes?: readonly string[]
  readonly apiKey?: string
  readonly secret?: string
  /** Extra ccxt options, merged over the ones set here. */
  readonly options?: Readonly<Record<string, unknown>>
}

/** A ccxt client with the rate limiter on, optionally pointed at another origin. The one place that builds
 * exchanges, so fetchers, the chain recorder and later the live venues configure them the same way.
 * @example const ex = createExchange('binance', { baseUrl: 'http://127.0.0.1:8080', marketTypes: ['spot'] }) */
export function createExchange(id: string, o: CreateExchangeOptions = {}): Exchange {
  const Ctor = (ccxt as unknown as Record<string, unknown>)[id]
  if (!ccxt.exchanges.includes(id) || typeof Ctor !== 'function') {
    throw new InputError('--exchange', 'exchange', `is not an exchange ccxt knows, got "${id}"`,
      'use a ccxt exchange id in lower case, e.g. binance or deribit')
  }
  const options: Record<string, unknown> = {}
  if (o.marketTypes !== undefined && id === 'binance') {
    options['fetchMarkets'] = { types: [...o.marketTypes] }
    // fetchCurrencies is a private (signed) call on binance: without keys it only costs a round trip
    options['fetchCurrencies'] = false
  }
  const config: Record<string, unknown> = {
    enableRateLimit: true,
    options: { ...options, ...o.options },
  }
  if (o.rateLimitMs !== undefined) config['rateLimit'] = o.rateLimitMs
  if (o.timeoutMs !== undefined) config['timeout'] = o.timeoutMs
  if (o.apiKey !== undefined) config['apiKey'] = o.apiKey
  if (o.secret !== undefined) config['secret'] = o.secret
  const ex = new (Ctor as new (c: Record<string, unknown>) => Exchange)(config)
  if (o.baseUrl !== undefined) ex.urls['api'] = rebase(ex.urls['api'], o.baseUrl) as typeof ex.urls['api']
  return ex
}

/** Replaces the origin of every URL in ccxt's `urls.api` (a string, or a tree of strings by API name). */
function rebase(api: unknown, baseUrl: string): unknown {
  const origin = new URL(baseUrl)
  const base = `${origin.protocol}//${origin.host}${origin.pathname.replace(/\/+$/, '')}`
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const u = new URL(v)
      return base + (u.pathname === '/' ? '' : u.pathname.replace(/\/+$/, '')) + u.search
    }
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    return v
  }
  return walk(api)
}
