import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { resampleBars } from '../../../data/transform/resample.ts'
import { simulateGbm } from '../../../data/synth/gbm.ts'
import type { BarColumns } from '../../../data/barColumns.ts'
import { InputError } from '../../../engine/errors/input.ts'

const H = 3_600_000
const D = 86_400_000

function bars(rows: [number, number, number, number, number, number][]): BarColumns {
  const col = (k: number) => Float64Array.from(rows, (r) => r[k] as number)
  return { length: rows.length, tMs: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) }
}

describe('resampleBars', () => {
  test('OHLCV rules on a hand-made 1h -> 4h case, buckets at UTC multiples of 4h', () => {
    const t0 = Date.UTC(2024, 0, 1, 0)
    const b = bars([
      [t0 + 0 * H, 10, 12, 9, 11, 1],
      [t0 + 1 * H, 11, 15, 10, 14, 2],
      [t0 + 2 * H, 14, 14, 7, 8, 3],
      [t0 + 3 * H, 8, 9, 8, 9, 4],
      [t0 + 4 * H, 9, 10, 9, 10, 5],
    ])
    const r = resampleBars(b, { fromMs: H, toMs: 4 * H, partial: 'keep' })
    expect(r.bars.length).toBe(2)
    expect([...r.bars.tMs]).toEqual([t0, t0 + 4 * H])
    expect([r.bars.open[0], r.bars.high[0], r.bars.low[0], r.bars.close[0], r.bars.volume[0]]).toEqual([10, 15, 7, 9, 10])
    expect([...r.complete]).toEqual([1, 0])
    expect([...r.inputBars]).toEqual([4, 1])
    // the default drops the partial tail
    const dropped = resampleBars(b, { fromMs: H, toMs: 4 * H })
    expect(dropped.bars.length).toBe(1)
    expect(dropped.bars.close[0]).toBe(9)
  })

  test('a series starting mid-bucket: the bucket is keyed by its UTC start, not the first bar', () => {
    const t = Date.UTC(2024, 0, 1, 6)
    const b = bars([[t, 1, 2, 1, 2, 1], [t + H, 2, 3, 2, 3, 1]])
    const r = resampleBars(b, { fromMs: H, toMs: D, partial: 'keep' })
    expect(r.bars.tMs[0]).toBe(Date.UTC(2024, 0, 1))
    expect(r.complete[0]).toBe(0)
    expect(resampleBars(b, { fromMs: H, toMs: D }).bars.length).toBe(0)
  })

  test('a missing bar inside a bucket makes it partial; an empty bucket gives no bar (gaps stay gaps)', () => {
    const t0 = Date.UTC(2024, 0, 1)
    const b = bars([
      [t0, 1, 1, 1, 1, 1], [t0 + H, 1, 1, 1, 1, 1], // bucket 0: complete (2h buckets)
      [t0 + 2 * H, 1, 1, 1, 1, 1], // bucket 1: missing its second hour
      [t0 + 6 * H, 1, 1, 1, 1, 1], [t0 + 7 * H, 1, 1, 1, 1, 1], // buckets 2 and 3 empty, bucket 3 complete
    ])
    const r = resampleBars(b, { fromMs: H, toMs: 2 * H, partial: 'keep' })
    expect([...r.bars.tMs]).toEqual([t0, t0 + 2 * H, t0 + 6 * H])
    expect([...r.complete]).toEqual([1, 0, 1])
  })

  test('unsorted, duplicate, off-grid and NaN times are refused with the row named', () => {
    const t0 = Date.UTC(2024, 0, 1)
    const row = (t: number): [number, number, number, number, number, number] => [t, 1, 1, 1, 1, 1]
    const expectInput = (b: BarColumns, re: RegExp) => {
      const call = () => resampleBars(b, { fromMs: H, toMs: D, source: 'x.csv' })
      expect(call).toThrow(InputError)
      expect(call).toThrow(re)
    }
    expectInput(bars([row(t0 + H), row(t0)]), /earlier than the previous row[\s\S]*Where: x\.csv index 1/)
    expectInput(bars([row(t0), row(t0)]), /repeats the previous timestamp[\s\S]*Where: x\.csv index 1/)
    expectInput(bars([row(t0), row(t0 + H + 1)]), /not on the 3600000 ms bar grid[\s\S]*Where: x\.csv index 1/)
    expectInput(bars([row(t0), row(Number.NaN)]), /not a finite time[\s\S]*Where: x\.csv index 1/)
    expect(() => resampleBars(bars([row(t0)]), { fromMs: H, toMs: 90 * 60_000 })).toThrow(/toMs must be a whole multiple/)
  })

  test('empty in, empty out', () => {
    const r = resampleBars(bars([]), { fromMs: H, toMs: D })
    expect(r.bars.length).toBe(0)
    expect(r.complete.length).toBe(0)
  })

  test('only the first `length` rows count (columns may have spare capacity)', () => {
    const t0 = Date.UTC(2024, 0, 1)
    const b = bars([[t0, 1, 2, 0.5, 1.5, 1], [t0 + H, 1.5, 9, 0.1, 2, 1]])
    const r = resampleBars({ ...b, length: 1 }, { fromMs: H, toMs: H })
    expect(r.bars.length).toBe(1)
    expect(r.bars.high[0]).toBe(2)
  })

  test('property: equals a brute-force grouping for any gappy series, bucket size and partial policy', () => {
    const slots = fc.uniqueArray(fc.integer({ min: -30, max: 200 }), { maxLength: 60 }).map((a) => a.sort((x, y) => x - y))
    fc.assert(fc.property(slots, fc.integer({ min: 1, max: 9 }), fc.boolean(), (idx, per, keep) => {
      // prices from the slot number so every bar differs; times may be before 1970 (negative)
      const b = bars(idx.map((k) => [k * H, k + 0.5, k + 3, k - 2, k + 1, (k & 3) + 1]))
      const r = resampleBars(b, { fromMs: H, toMs: per * H, partial: keep ? 'keep' : 'drop' })
      const groups = new Map<number, number[]>()
      for (const k of idx) {
        const g = Math.floor(k / per) * per * H
        groups.set(g, [...(groups.get(g) ?? []), k])
      }
      const want = [...groups].filter(([, ks]) => keep || ks.length === per)
      expect(r.bars.length).toBe(want.length)
      want.forEach(([g, ks], i) => {
        expect(r.bars.tMs[i]).toBe(g)
        expect(r.bars.open[i]).toBe((ks[0] as number) + 0.5)
        expect(r.bars.high[i]).toBe(Math.max(...ks) + 3)
        expect(r.bars.low[i]).toBe(Math.min(...ks) - 2)
        expect(r.bars.close[i]).toBe((ks[ks.length - 1] as number) + 1)
        expect(r.bars.volume[i]).toBe(ks.reduce((a, k) => a + (k & 3) + 1, 0))
        expect(r.complete[i]).toBe(ks.length === per ? 1 : 0)
      })
    }), { numRuns: 300 })
  })

  test('resampling in two steps equals resampling in one (1m -> 1h -> 1d vs 1m -> 1d)', () => {
    const m = simulateGbm({ spot: 100, vol: 0.8, drift: 0 }, { startMs: Date.UTC(2024, 0, 1, 13, 7), barMs: 60_000, bars: 1440 * 3, subSteps: 2 }, 3)
    const direct = resampleBars(m, { fromMs: 60_000, toMs: D })
    const hourly = resampleBars(m, { fromMs: 60_000, toMs: H }).bars
    const twoStep = resampleBars(hourly, { fromMs: H, toMs: D })
    expect(direct.bars.length).toBe(2) // 3 days of minutes starting 13:07 span 2 whole UTC days
    for (const k of ['tMs', 'open', 'high', 'low', 'close'] as const) expect(twoStep.bars[k]).toEqual(direct.bars[k])
    for (let i = 0; i < 2; i++) expect(twoStep.bars.volume[i]).toBeCloseTo(direct.bars.volume[i] as number, 6)
  })

  test('real data: Bitstamp hourly bars resampled to days equal Bitstamp\'s own daily bars for all of 2021', () => {
    // Both files: CryptoDataDownload exports of Bitstamp BTC/USD (../shared/data/README.md): a banner line,
    // then header unix,date,symbol,open,high,low,close,Volume BTC,Volume USD, newest first, unix in seconds.
    const load = (name: string): BarColumns => {
      const lines = readFileSync(new URL(`../../../../shared/data/${name}`, import.meta.url), 'utf8').trim().split('\n').slice(2).reverse()
      const cells = lines.map((l) => l.split(','))
      const col = (k: number) => Float64Array.from(cells, (c) => Number(c[k]))
      return { length: cells.length, tMs: Float64Array.from(cells, (c) => Number(c[0]) * 1000), open: col(3), high: col(4), low: col(5), close: col(6), volume: col(7) }
    }
    const hourly = load('btc-usd-1h-bitstamp-cryptodatadownload.csv')
    const daily = load('btc-usd-1d-bitstamp-cryptodatadownload.csv')
    const r = resampleBars(hourly, { fromMs: H, toMs: D, partial: 'keep', source: 'btc-usd-1h-bitstamp' })
    // the hourly file starts at 2018-05-15 06:00 and ends with the lone 2022-08-20 00:00 bar: both days partial
    expect(r.complete[0]).toBe(0)
    expect(r.inputBars[0]).toBe(18)
    expect(r.inputBars[r.bars.length - 1]).toBe(1)
    const dayIndex = new Map<number, number>()
    for (let i = 0; i < daily.length; i++) dayIndex.set(daily.tMs[i] as number, i)
    let compared = 0
    for (let i = 0; i < r.bars.length; i++) {
      const t = r.bars.tMs[i] as number
      if (t < Date.UTC(2021, 0, 1) || t >= Date.UTC(2022, 0, 1)) continue
      const j = dayIndex.get(t) as number
      expect(r.complete[i]).toBe(1)
      for (const k of ['open', 'high', 'low', 'close'] as const) expect(r.bars[k][i], `${k} ${new Date(t).toISOString()}`).toBe(daily[k][j])
      expect(r.bars.volume[i]).toBeCloseTo(daily.volume[j] as number, 6)
      compared++
    }
    expect(compared).toBe(365)
  })
})
