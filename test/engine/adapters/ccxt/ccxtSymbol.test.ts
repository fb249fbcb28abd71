import { expect, test } from 'vitest'
import fc from 'fast-check'
import { fromCcxtSymbol, toCcxtSymbol } from '../../../../engine/adapters/ccxt/ccxtSymbol.ts'

// Reference: ccxt's deribit.js parseMarket builds option symbols as BASE/QUOTE:SETTLE-YYMMDD-STRIKE-C|P and
// the inverse perpetual as BTC/USD:BTC; Deribit names them BTC-28JUN24-60000-C and BTC-PERPETUAL.
test('maps Deribit ids to ccxt unified symbols and back', () => {
  expect(toCcxtSymbol('BTC-28JUN24-60000-C')).toBe('BTC/USD:BTC-240628-60000-C')
  expect(toCcxtSymbol('ETH-7JUN24-3500-P')).toBe('ETH/USD:ETH-240607-3500-P')
  expect(toCcxtSymbol('BTC-PERPETUAL')).toBe('BTC/USD:BTC')
  expect(toCcxtSymbol('BTC/USDT')).toBe('BTC/USDT')
  expect(fromCcxtSymbol('BTC/USD:BTC-240607-60000-C')).toBe('BTC-7JUN24-60000-C') // no leading zero on the day
  expect(fromCcxtSymbol('BTC/USD:BTC')).toBe('BTC-PERPETUAL')
  expect(fromCcxtSymbol('BTC/USDT:USDT')).toBe('BTC/USDT:USDT')
  expect(() => toCcxtSymbol('BTC-28XYZ24-60000-C')).toThrow(/instrument/)
})

test('round trip for any date, strike and kind', () => {
  const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
  fc.assert(fc.property(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 20, max: 40 }),
    fc.integer({ min: 1, max: 500_000 }), fc.constantFrom('C', 'P'), (day, m, yy, strike, cp) => {
      const id = `BTC-${day}${MONTHS[m]}${yy}-${strike}-${cp}`
      expect(fromCcxtSymbol(toCcxtSymbol(id))).toBe(id)
    }))
})
