import { NetworkError, type Exchange } from 'ccxt'
import { FetchFailedError } from './fetchFailedError.ts'

export interface RetryOptions {
  /** Retries after the first attempt. Default 5. */
  readonly retries?: number
  /** First backoff, in ms; doubled each retry, with up to 25% jitter. Default 1 000. */
  readonly baseDelayMs?: number
  /** Cap on one wait, in ms, including a server's Retry-After. Default 60 000. */
  readonly maxDelayMs?: number
  /** Called before each wait, e.g. to print "retrying in 2 s". */
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: Error }) => void
  /** Injected for tests; defaults to setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>
}

/** Runs `call` and retries it on the failures that go away by waiting: ccxt's NetworkError family
 * (RequestTimeout, ExchangeNotAvailable, DDoSProtection, RateLimitExceeded). Waits grow exponentially; when
 * the exchange sent Retry-After, the wait is at least that. Anything else (BadSymbol, a bad argument) fails
 * at once. After the last retry it throws FetchFailedError naming `what`.
 * @example const bars = await withRetry(ex, 'BTC/USDT 1h klines', () => ex.fetchOHLCV('BTC/USDT', '1h', since, 1000)) */
export async function withRetry<T>(ex: Exchange, what: string, call: () => Promise<T>, o: RetryOptions = {}): Promise<T> {
  const retries = o.retries ?? 5
  const base = o.baseDelayMs ?? 1_000
  const max = o.maxDelayMs ?? 60_000
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  for (let attempt = 0; ; attempt++) {
    try {
      // a Retry-After is only meaningful on the response that failed: forget the previous one
      ex.last_response_headers = undefined
      return await call()
    } catch (e) {
      if (!(e instanceof NetworkError)) throw new FetchFailedError(what, 'the exchange refused the request', e,
        'Check the symbol, timeframe and dates; this error does not go away by retrying.')
      if (attempt >= retries) throw new FetchFailedError(what, `gave up after ${retries} retries`, e)
      const backoff = base * 2 ** attempt * (1 + 0.25 * Math.random())
      const delayMs = Math.min(max, Math.max(backoff, retryAfterMs(ex) ?? 0))
      o.onRetry?.({ attempt: attempt + 1, delayMs, error: e })
      await sleep(delayMs)
    }
  }
}

/** The Retry-After of the last response, in ms, if ccxt kept the headers (it does by default). Either
 * delay-seconds or an HTTP date (RFC 9110, section 10.2.3). */
export function retryAfterMs(ex: Exchange): number | undefined {
  const headers = (ex.last_response_headers ?? {}) as Record<string, unknown>
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'retry-after')
  const raw = key === undefined ? undefined : headers[key]
  if (typeof raw !== 'string' || raw.trim() === '') return undefined
  const secs = Number(raw)
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000)
  const at = Date.parse(raw)
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now())
}
