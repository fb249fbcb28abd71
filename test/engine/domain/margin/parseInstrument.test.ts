import { describe, expect, test } from 'vitest'
import { parseInstrument } from '../../../../engine/domain/margin/parseInstrument.ts'
import { MarginInvariantError } from '../../../../engine/errors/margin.ts'

describe('parseInstrument', () => {
  test('reads Deribit option, future and perpetual names; expiries fix at 08:00 UTC', () => {
    expect(parseInstrument('BTC-28JUN24-60000-C')).toEqual({
      type: 'option', name: 'BTC-28JUN24-60000-C', underlying: 'BTC', expiryMs: Date.UTC(2024, 5, 28, 8), strikeUsd: 60000, kind: 'call',
    })
    expect(parseInstrument('ETH-5JUL24-3000-P')).toMatchObject({ type: 'option', kind: 'put', strikeUsd: 3000, expiryMs: Date.UTC(2024, 6, 5, 8) })
    expect(parseInstrument('BTC-27SEP24')).toEqual({ type: 'future', name: 'BTC-27SEP24', underlying: 'BTC', expiryMs: Date.UTC(2024, 8, 27, 8) })
    expect(parseInstrument('BTC-PERPETUAL')).toEqual({ type: 'perpetual', name: 'BTC-PERPETUAL', underlying: 'BTC' })
  })

  test.each(['BTC', 'BTC-31FEB24', 'BTC-28XYZ24-60000-C', 'btc-perpetual', 'BTC-28JUN24-60000-X', 'BTC-28JUN24-0-C'])('rejects %s', (name) => {
    expect(() => parseInstrument(name)).toThrow(MarginInvariantError)
  })
})
