import { describe, expect, test } from 'vitest'
import { volBufferMultiplier, withVolBuffer } from '../../../../engine/domain/margin/volBuffer.ts'
import { standardMarginModel } from '../../../../engine/domain/margin/standardMargin.ts'
import { MarginInvariantError } from '../../../../engine/errors/margin.ts'
import { btcAccount, market, pos } from './marketFixture.ts'

describe('dynamic margin buffer', () => {
  test('scales by forecast / reference vol, clamped to [floor, cap]', () => {
    expect(volBufferMultiplier({ forecastVol: 0.9, referenceVol: 0.6 })).toBeCloseTo(1.5, 15)
    expect(volBufferMultiplier({ forecastVol: 0.3, referenceVol: 0.6 })).toBe(1) // floor 1: never cuts margin
    expect(volBufferMultiplier({ forecastVol: 0.3, referenceVol: 0.6, floor: 0.5 })).toBeCloseTo(0.5, 15)
    expect(volBufferMultiplier({ forecastVol: 6, referenceVol: 0.6 })).toBe(3)
    expect(() => volBufferMultiplier({ forecastVol: 0.5, referenceVol: 0 })).toThrow(MarginInvariantError)
  })

  test('multiplies account and per-position IM and MM alike', () => {
    const base = standardMarginModel()
    const buffered = withVolBuffer(base, { forecastVol: 0.9, referenceVol: 0.6 })
    const a = btcAccount('a', 1, [pos('BTC-PERPETUAL', 25, 50_000)])
    const m = market()
    expect(buffered.maintenance(a, m)).toBeCloseTo(1.5 * 0.28125, 12) // Deribit's 25 BTC example, times 1.5
    expect(buffered.initial(a, m)).toBeCloseTo(1.5 * 0.53125, 12)
    expect(buffered.perPosition(a, m)[0]?.mm).toBeCloseTo(1.5 * 0.28125, 12)
  })
})
