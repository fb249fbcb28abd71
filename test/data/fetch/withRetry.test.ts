import { expect, test } from 'vitest'
import ccxt from 'ccxt'
import { retryAfterMs, withRetry } from '../../../data/fetch/withRetry.ts'
import { FetchFailedError } from '../../../data/fetch/fetchFailedError.ts'

const ex = () => new ccxt.binance()
const noSleep = { sleep: async () => {} }

test('retries each member of ccxt\'s NetworkError family, then returns the value', async () => {
  for (const E of [ccxt.NetworkError, ccxt.RequestTimeout, ccxt.ExchangeNotAvailable, ccxt.DDoSProtection, ccxt.RateLimitExceeded]) {
    let calls = 0
    const v = await withRetry(ex(), 'x', async () => { if (++calls < 3) throw new E('boom'); return 42 }, noSleep)
    expect([v, calls], E.name).toEqual([42, 3])
  }
})

test('does not retry what waiting cannot fix (BadSymbol, AuthenticationError)', async () => {
  for (const E of [ccxt.BadSymbol, ccxt.AuthenticationError, ccxt.ExchangeError]) {
    let calls = 0
    await expect(withRetry(ex(), 'x', async () => { calls++; throw new E('no') }, noSleep)).rejects.toThrow(/exchange refused the request/)
    expect(calls, E.name).toBe(1)
  }
})

test('backoff doubles from the base (with at most 25% jitter) and is capped', async () => {
  const waits: number[] = []
  await expect(withRetry(ex(), 'x', async () => { throw new ccxt.NetworkError('down') },
    { retries: 6, baseDelayMs: 100, maxDelayMs: 2_000, sleep: async (ms) => { waits.push(ms) } })).rejects.toBeInstanceOf(FetchFailedError)
  expect(waits).toHaveLength(6)
  waits.forEach((w, i) => {
    const base = 100 * 2 ** i
    expect(w).toBeGreaterThanOrEqual(Math.min(base, 2_000))
    expect(w).toBeLessThanOrEqual(Math.min(base * 1.25, 2_000))
  })
})

test('Retry-After: delay-seconds or an HTTP date (RFC 9110 10.2.3); absent or garbage is ignored', () => {
  const e = ex()
  e.last_response_headers = { 'Retry-After': '3' }
  expect(retryAfterMs(e)).toBe(3000)
  e.last_response_headers = { 'retry-after': new Date(Date.now() + 10_000).toUTCString() }
  expect(retryAfterMs(e)).toBeGreaterThan(8_000)
  expect(retryAfterMs(e)).toBeLessThanOrEqual(10_000)
  e.last_response_headers = { 'Retry-After': 'soon' }
  expect(retryAfterMs(e)).toBeUndefined()
  e.last_response_headers = undefined
  expect(retryAfterMs(e)).toBeUndefined()
})
