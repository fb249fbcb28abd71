import { describe, expect, test } from 'vitest'
import { simulateBars, type SubStepModel } from '../../../data/synth/simulateBars.ts'
import { simulateGbm } from '../../../data/synth/gbm.ts'
import { subStepYears, type SynthGrid } from '../../../data/synth/synthGrid.ts'
import { BAR_SIZE_MS, isBarSize } from '../../../data/synth/barSize.ts'

const H = 3_600_000
/** A model that replays fixed log steps, so bars can be checked by hand. */
const replay = (steps: number[]): SubStepModel & { closed: number[] } => {
  let k = 0
  const closed: number[] = []
  return { closed, step: () => steps[k++] as number, barClosed: (i) => { closed.push(i) } }
}

describe('simulateBars', () => {
  test('OHLC from sub-steps by hand: open = previous close, high/low over the open and every step', () => {
    const ln = Math.log
    const grid: SynthGrid = { startMs: Date.UTC(2024, 0, 1), barMs: H, bars: 2, subSteps: 3 }
    const m = replay([ln(1.1), ln(0.8 / 1.1), ln(0.9 / 0.8), ln(1.2 / 0.9), ln(1.0 / 1.2), ln(0.95)])
    const b = simulateBars(100, grid, m, { perDay: 2400, refVol: 0 })
    expect([...b.tMs]).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 1)])
    expect(b.open[0]).toBe(100)
    expect(b.high[0]).toBeCloseTo(110, 9)
    expect(b.low[0]).toBeCloseTo(80, 9)
    expect(b.close[0]).toBeCloseTo(90, 9)
    expect(b.open[1]).toBe(b.close[0])
    expect(b.high[1]).toBeCloseTo(120, 9)
    expect(b.low[1]).toBeCloseTo(90, 9) // the open is part of the range
    expect(b.close[1]).toBeCloseTo(95, 9)
    // refVol 0: a flat share of the day, 2400 / 24 per hourly bar
    expect([...b.volume]).toEqual([100, 100])
    expect(m.closed).toEqual([0, 1])
  })

  test('volume scales with the bar\'s realised vol over the reference vol', () => {
    const grid: SynthGrid = { startMs: 0, barMs: 86_400_000, bars: 2, subSteps: 4 }
    const dt = subStepYears(grid)
    const s = 0.5 * Math.sqrt(dt) // each step one sd of a 50% vol: realised vol of the bar is exactly 0.5
    const b = simulateBars(1, grid, replay([s, -s, s, -s, 2 * s, -2 * s, 2 * s, -2 * s]), { perDay: 1000, refVol: 0.5 })
    expect(b.volume[0]).toBeCloseTo(1000, 9)
    expect(b.volume[1]).toBeCloseTo(2000, 9) // twice the vol, twice the volume
  })

  test('over a long GBM run the mean daily volume is close to perDay', () => {
    // with 60 sub-steps per bar the realised vol of a bar is vol * sqrt(chi2_60 / 60), whose mean is
    // about 1 - 1/(4 * 60) of vol: the volume share is unbiased to within half a percent
    const b = simulateGbm({ spot: 1, vol: 0.8, drift: 0, volumePerDay: 24_000 }, { startMs: 0, barMs: H, bars: 24 * 200, subSteps: 60 }, 9)
    let sum = 0
    for (let i = 0; i < b.length; i++) sum += b.volume[i] as number
    expect(sum / 200 / 24_000).toBeGreaterThan(0.985)
    expect(sum / 200 / 24_000).toBeLessThan(1.005)
  })

  test('every bar satisfies low <= open, close <= high, over a rough path', () => {
    const b = simulateGbm({ spot: 5, vol: 3, drift: 0 }, { startMs: 0, barMs: 60_000, bars: 20_000, subSteps: 5 }, 4)
    let broken = 0
    for (let i = 0; i < b.length; i++) {
      const o = b.open[i] as number, c = b.close[i] as number
      if (!((b.low[i] as number) <= Math.min(o, c) && (b.high[i] as number) >= Math.max(o, c) && (b.low[i] as number) > 0)) broken++
      if (i > 0 && o !== b.close[i - 1]) broken++
    }
    expect(broken).toBe(0)
  })

  test('a grid off the UTC bar grid, or with no sub-steps, or a bad spot is refused', () => {
    const m = replay([])
    expect(() => simulateBars(1, { startMs: 1000, barMs: H, bars: 1, subSteps: 1 }, m, { perDay: 1, refVol: 0 }))
      .toThrow(/not on the 3600000 ms bar grid/)
    expect(() => simulateBars(1, { startMs: 0, barMs: H, bars: 1, subSteps: 0 }, m, { perDay: 1, refVol: 0 })).toThrow(/subSteps/)
    expect(() => simulateBars(0, { startMs: 0, barMs: H, bars: 1, subSteps: 1 }, m, { perDay: 1, refVol: 0 })).toThrow(/spot/)
    expect(simulateBars(1, { startMs: 0, barMs: H, bars: 0, subSteps: 1 }, m, { perDay: 1, refVol: 0 }).length).toBe(0)
  })

  test('bar sizes: 1m, 1h, 1d only', () => {
    expect(BAR_SIZE_MS['1d']).toBe(24 * BAR_SIZE_MS['1h'])
    expect(['1m', '1h', '1d', '5m', 'toString'].map(isBarSize)).toEqual([true, true, true, false, false])
  })
})
