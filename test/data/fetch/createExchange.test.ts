import { expect, test } from 'vitest'
import { createExchange } from '../../../data/fetch/createExchange.ts'
import { InputError } from '../../../engine/errors/input.ts'

test('baseUrl replaces the origin of every API URL and keeps each path', () => {
  const b = createExchange('binance', { baseUrl: 'http://127.0.0.1:9999' })
  const api = b.urls['api'] as Record<string, string>
  expect(api['public']).toBe('http://127.0.0.1:9999/api/v3')
  expect(api['fapiPublic']).toBe('http://127.0.0.1:9999/fapi/v1')
  expect(api['sapi']).toBe('http://127.0.0.1:9999/sapi/v1')
  expect(Object.values(api).every((u) => u.startsWith('http://127.0.0.1:9999'))).toBe(true)
  const d = createExchange('deribit', { baseUrl: 'http://127.0.0.1:9999/' })
  expect((d.urls['api'] as Record<string, string>)['rest']).toBe('http://127.0.0.1:9999')
})

test('rate limiter on; rate limit, timeout and market types applied', () => {
  const b = createExchange('binance', { rateLimitMs: 7, timeoutMs: 1234, marketTypes: ['spot'] })
  expect(b.enableRateLimit).toBe(true)
  expect(b.rateLimit).toBe(7)
  expect(b.timeout).toBe(1234)
  expect((b.options['fetchMarkets'] as { types: string[] }).types).toEqual(['spot'])
  expect(b.options['fetchCurrencies']).toBe(false)
  // without overrides ccxt's published values stay (binance documents 50 ms between requests)
  expect(createExchange('binance').rateLimit).toBe(50)
})

test('an unknown exchange id is an input error naming --exchange', () => {
  expect(() => createExchange('not-an-exchange')).toThrow(InputError)
  expect(() => createExchange('constructor')).toThrow(/Where: --exchange/)
})
