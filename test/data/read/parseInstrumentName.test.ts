import { expect, test } from 'vitest'
import { parseInstrumentName } from '../../../data/read/parseInstrumentName.ts'

test('Deribit names give strike, type and an 08:00 UTC expiry', () => {
  // names from the shared Deribit chain files (btc-options-chain-deribit-2024-03-12.csv, eth-…-2024-01-08.csv)
  expect(parseInstrumentName('BTC-28JUN24-58000-P')).toEqual({ underlying: 'BTC', expiryMs: Date.UTC(2024, 5, 28, 8), strike: 58000, isCall: false })
  expect(parseInstrumentName('ETH-9JAN24-2250-C')).toEqual({ underlying: 'ETH', expiryMs: Date.UTC(2024, 0, 9, 8), strike: 2250, isCall: true })
  expect(parseInstrumentName('XRP_USDC-27DEC24-0d625-C')?.strike).toBe(0.625)
})

test('anything else is undefined', () => {
  for (const bad of ['BTC-PERPETUAL', 'BTC-28JUN24', 'BTC-31FEB24-50000-C', 'BTC-28XYZ24-50000-C', 'BTC-28JUN24-50000-X', '']) {
    expect(parseInstrumentName(bad), bad).toBeUndefined()
  }
})
