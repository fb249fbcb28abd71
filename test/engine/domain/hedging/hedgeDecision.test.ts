import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { hedgeDecision, toSignificant6, type HedgeState } from '../../../../engine/domain/hedging/hedgeDecision.ts'
import { whalleyWilmottHalfWidth } from '../../../../engine/domain/hedging/whalleyWilmott.ts'

const HOUR = 3_600_000
const at = (o: Partial<HedgeState>): HedgeState =>
  ({ nowMs: Date.UTC(2024, 5, 3, 10), barMs: HOUR, spot: 60_000, delta: 10, gamma: 0, navAsset: 10, ...o })

describe('hedge triggers', () => {
  test('band: trades only outside target +- band * NAV, and to the target', () => {
    const p = { trigger: 'band', band: 0.05, targetDelta: 1 } as const
    expect(hedgeDecision(p, at({ delta: 9.6 })).rehedge).toBe(false) // 0.4 off, band 0.5 BTC
    const d = hedgeDecision(p, at({ delta: 9.4 }))
    expect(d).toMatchObject({ rehedge: true, targetUnits: 10, halfWidthUnits: 0.5, hedgeToUnits: 10 })
    expect(hedgeDecision(p, at({ delta: 10.51 })).rehedge).toBe(true)
    // neutral vault: target 0, so a delta of +0.6 on NAV 10 is outside a 5% band
    expect(hedgeDecision({ ...p, targetDelta: 0 }, at({ delta: 0.6 })).rehedge).toBe(true)
  })

  test('interval: fires on the bar whose span holds a UTC multiple of the interval, nowhere else', () => {
    const p = { trigger: 'interval', intervalHours: 4, targetDelta: 1 } as const
    const fired: number[] = []
    for (let h = 1; h <= 24; h++) {
      if (hedgeDecision(p, at({ nowMs: Date.UTC(2024, 5, 3, h), delta: 9 })).rehedge) fired.push(h)
    }
    expect(fired).toEqual([4, 8, 12, 16, 20, 24])
    // 15-minute bars: the 08:00 boundary falls in the bar closing at 08:00 only
    const q = (m: number) => hedgeDecision(p, at({ nowMs: Date.UTC(2024, 5, 3, 7, m), barMs: HOUR / 4, delta: 9 })).rehedge
    expect([q(30), q(45), q(60), q(75)]).toEqual([false, false, true, false])
  })

  test('move: fires at the first hedge and after a move of moveFraction either way', () => {
    const p = { trigger: 'move', moveFraction: 0.02, targetDelta: 0 } as const
    expect(hedgeDecision(p, at({ delta: 1 })).rehedge).toBe(true)
    expect(hedgeDecision(p, at({ delta: 1, lastHedgeSpot: 60_000, spot: 61_100 })).rehedge).toBe(false)
    expect(hedgeDecision(p, at({ delta: 1, lastHedgeSpot: 60_000, spot: 61_200 })).rehedge).toBe(true)
    expect(hedgeDecision(p, at({ delta: 1, lastHedgeSpot: 60_000, spot: 58_700 })).rehedge).toBe(true)
  })

  test('Whalley-Wilmott: band from the book gamma, trades back to the nearest band edge', () => {
    const p = { trigger: 'whalley-wilmott', riskAversion: 1e-6, costFraction: 0.001, targetDelta: 0 } as const
    const H = whalleyWilmottHalfWidth({ spot: 60_000, gamma: 0.0008, costFraction: 0.001, riskAversion: 1e-6 }) // 3.862
    expect(hedgeDecision(p, at({ gamma: 0.0008, delta: 3.8 })).rehedge).toBe(false)
    const up = hedgeDecision(p, at({ gamma: 0.0008, delta: 5 }))
    expect(up.rehedge).toBe(true)
    expect(up.halfWidthUnits).toBe(H)
    expect(up.hedgeToUnits).toBeCloseTo(H, 12)
    const down = hedgeDecision(p, at({ gamma: -0.0008, delta: -4 }))
    expect(down.rehedge).toBe(true)
    expect(down.hedgeToUnits).toBeCloseTo(-H, 12)
  })

  test('a delta already on target never trades, whatever the trigger', () => {
    expect(hedgeDecision({ trigger: 'interval', intervalHours: 1, targetDelta: 1 }, at({ delta: 10 })).rehedge).toBe(false)
    expect(hedgeDecision({ trigger: 'move', moveFraction: 0.01, targetDelta: 1 }, at({ delta: 10 })).rehedge).toBe(false)
  })
})

test('minHalfWidthUnits floors the band and Whalley-Wilmott widths', () => {
  const ww = { trigger: 'whalley-wilmott', riskAversion: 1, costFraction: 0.001, targetDelta: 0 } as const
  expect(hedgeDecision(ww, at({ delta: 0.2, gamma: 0 })).rehedge).toBe(true) // zero band without a floor
  const d = hedgeDecision(ww, at({ delta: 0.2, gamma: 0, minHalfWidthUnits: 0.25 }))
  expect(d).toMatchObject({ rehedge: false, halfWidthUnits: 0.25 })
  expect(hedgeDecision(ww, at({ delta: -0.3, gamma: 0, minHalfWidthUnits: 0.25 })).hedgeToUnits).toBeCloseTo(-0.25, 12)
  expect(hedgeDecision({ trigger: 'band', band: 0.01, targetDelta: 0 }, at({ delta: 0.2, minHalfWidthUnits: 0.25 })).rehedge).toBe(false)
})

describe('decision written into a caller-owned out', () => {
  test('gives the same decision as a fresh one, returns `out` itself, and the next call overwrites it', () => {
    const p = { trigger: 'band', band: 0.05, targetDelta: 1 } as const
    const out = { rehedge: false, targetUnits: 0, halfWidthUnits: 0, hedgeToUnits: 0, reason: '' }
    const trade = hedgeDecision(p, at({ delta: 9.4 }), out)
    expect(trade).toBe(out)
    expect({ ...out }).toEqual(hedgeDecision(p, at({ delta: 9.4 })))
    expect(out).toMatchObject({ rehedge: true, targetUnits: 10, halfWidthUnits: 0.5, hedgeToUnits: 10 })
    hedgeDecision(p, at({ delta: 9.6 }), out)
    expect(out).toEqual({ rehedge: false, targetUnits: 10, halfWidthUnits: 0.5, hedgeToUnits: 10, reason: 'inside the band' })
  })
})

describe('reason numbers', () => {
  test('toSignificant6 rounds to 6 significant digits as Number(x.toPrecision(6)) does', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }), (x) => {
      const want = Number(x.toPrecision(6))
      const got = toSignificant6(x)
      // equal but for a decimal tie the binary value sits a hair off (99999.95 -> 99999.9 vs 100000)
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-5 * Math.abs(want))
    }), { numRuns: 20_000 })
    for (const x of [9.2, 0.8, 10, 0.5, 123.456789, -0.000123456789, 1e-7, 1234567.89, 0.30000000000000004]) {
      expect(toSignificant6(x)).toBe(Number(x.toPrecision(6)))
    }
    expect(hedgeDecision({ trigger: 'band', band: 0.05, targetDelta: 1 }, at({ delta: 9.4 })).reason).toBe('delta 9.4 is 0.6 from target 10 (band 0.5)')
  })
})
