import { expect, test } from 'vitest'
import { parseWalkForward, stitchEquity, walkForwardWindows } from '../../../backtest/sweep/walkForward.ts'
import { InputError } from '../../../engine/errors/input.ts'

const DAY = 86_400_000

test('parseWalkForward reads h, d and w in either order', () => {
  expect(parseWalkForward('train=90d,test=30d')).toEqual({ trainMs: 90 * DAY, testMs: 30 * DAY })
  expect(parseWalkForward('test=12h, train=2w')).toEqual({ trainMs: 14 * DAY, testMs: 12 * 3_600_000 })
  for (const bad of ['train=90d', 'train=90,test=30d', 'train=90d,test=0d', 'train=90d;test=30d', 'foo=1d,test=2d']) {
    expect(() => parseWalkForward(bad)).toThrow(InputError)
  }
})

test('windows: 365 days with train 90d / test 30d gives 9 windows, test windows tiling days 90..360', () => {
  const start = Date.UTC(2024, 0, 1)
  const w = walkForwardWindows(start, start + 365 * DAY, { trainMs: 90 * DAY, testMs: 30 * DAY })
  // floor((365 - 90) / 30) = 9 full test windows; the 5 days left would make a short 10th window, dropped
  expect(w).toHaveLength(9)
  expect(w[0]).toEqual({ index: 0, train: { fromMs: start, toMs: start + 90 * DAY }, test: { fromMs: start + 90 * DAY, toMs: start + 120 * DAY } })
  for (let k = 1; k < w.length; k++) {
    const a = w[k - 1]!
    const b = w[k]!
    expect(b.test.fromMs).toBe(a.test.toMs) // no gap, no overlap between test windows
    expect(b.train.toMs).toBe(b.test.fromMs) // train ends where its test starts: no look-ahead
    expect(b.train.toMs - b.train.fromMs).toBe(90 * DAY)
  }
  expect(w[8]!.test.toMs).toBe(start + 360 * DAY)
})

test('windows: exactly train + test fits once; shorter fits none', () => {
  expect(walkForwardWindows(0, 120 * DAY, { trainMs: 90 * DAY, testMs: 30 * DAY })).toHaveLength(1)
  expect(walkForwardWindows(0, 120 * DAY - 1, { trainMs: 90 * DAY, testMs: 30 * DAY })).toHaveLength(0)
})

test('stitchEquity chains segments: the stitched return is the product of segment returns', () => {
  const seg = (navs: number[], t0: number) => ({ tMs: Float64Array.from(navs.map((_, i) => t0 + i)), nav: Float64Array.from(navs) })
  const s = stitchEquity([seg([100, 110, 121], 0), seg([50, 40], 10), seg([7, 14], 20)])
  // (121/100) * (40/50) * (14/7) = 1.936
  expect(s.nav[s.nav.length - 1]).toBeCloseTo(1.936, 12)
  expect(Array.from(s.tMs)).toEqual([0, 1, 2, 10, 11, 20, 21])
  expect(s.nav[3]).toBeCloseTo(1.21, 12) // the second segment starts where the first ended
})
