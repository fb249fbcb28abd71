import { expect, test } from 'vitest'
import { randomPoints } from '../../../backtest/sweep/randomPoints.ts'
import { gridPoints } from '../../../backtest/sweep/gridPoints.ts'

const axes = [
  { path: 'strategy.params.targetDelta', values: [0.1, 0.15, 0.2, 0.25, 0.3] },
  { path: 'hedge.band', values: [0.02, 0.04, 0.06, 0.08, 0.1] },
  { path: 'vault.fees.performanceFeePct', values: [0, 10, 20] },
]

test('the same seed gives the same sample; another seed gives another', () => {
  const a = randomPoints(axes, 10, 42)
  expect(randomPoints(axes, 10, 42)).toEqual(a)
  expect(randomPoints(axes, 10, 43)).not.toEqual(a)
})

test('a sample is distinct grid points, in grid order', () => {
  const all = gridPoints(axes).map((p) => JSON.stringify(p))
  for (const seed of [0, 1, 7, 123456]) {
    const s = randomPoints(axes, 20, seed).map((p) => JSON.stringify(p))
    expect(s).toHaveLength(20)
    expect(new Set(s).size).toBe(20)
    const idx = s.map((p) => all.indexOf(p))
    expect(idx.every((i) => i >= 0)).toBe(true)
    expect([...idx].sort((x, y) => x - y)).toEqual(idx)
  }
})

test('asking for the whole grid or more gives the whole grid', () => {
  expect(randomPoints(axes, 75, 5)).toEqual(gridPoints(axes))
  expect(randomPoints(axes, 1000, 5)).toEqual(gridPoints(axes))
})

test('sampling covers the grid evenly: over many seeds every point is drawn near count/total of the time', () => {
  // 75 points, 15 drawn per seed: each point's expected share is 0.2; 4000 seeds give sd ~ 0.0063
  const counts = new Map<string, number>()
  const seeds = 4000
  for (let s = 0; s < seeds; s++) for (const p of randomPoints(axes, 15, s)) counts.set(JSON.stringify(p), (counts.get(JSON.stringify(p)) ?? 0) + 1)
  expect(counts.size).toBe(75)
  for (const c of counts.values()) expect(Math.abs(c / seeds - 0.2)).toBeLessThan(0.035)
})
