import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import type { BarColumns, ChainColumns } from '../../../data/barColumns.ts'
import { ProblemSink } from '../../../data/validate/dataProblem.ts'
import { validateSeries } from '../../../data/validate/validateSeries.ts'
import { medianSpacingMs, formatDuration } from '../../../data/validate/validateTimes.ts'
import { forwardFill } from '../../../data/validate/forwardFill.ts'

const H = 3_600_000
const f = (xs: number[]): Float64Array => Float64Array.from(xs)
const bars = (t: number[], o: number[], h: number[], l: number[], c: number[], v = t.map(() => 1)): BarColumns =>
  ({ length: t.length, tMs: f(t), open: f(o), high: f(h), low: f(l), close: f(c), volume: f(v) })
const run = (s: Parameters<typeof validateSeries>[0], gaps: 'error' | 'skip' | 'forward-fill' = 'error') => {
  const sink = new ProblemSink()
  const summary = validateSeries(s, { sink, lineOf: (i) => i + 2, gaps })
  return { sink, summary, codes: sink.sorted().map((p) => `${p.line}:${p.column}:${p.code}`) }
}

describe('bars', () => {
  test('a consistent series has no problems', () => {
    expect(run(bars([0, H, 2 * H], [10, 11, 12], [12, 13, 13], [9, 10, 11], [11, 12, 12])).codes).toEqual([])
  })

  test('every OHLC inconsistency is named on the right column', () => {
    const b = bars([0, H, 2 * H, 3 * H, 4 * H], [10, 10, 10, 10, 10], [12, 12, 9.5, 12, 10.5], [9, 10.5, 9, 9, 9], [11, 11, 9.2, 12.5, 10])
    // row 1: low 10.5 > close? no, close 11 > low; low 10.5 > open 10 -> low; row 2: high 9.5 < open 10; row 3: high 12 < close 12.5
    expect(run(b).codes).toEqual(['3:low:ohlc', '4:high:ohlc', '5:high:ohlc'])
  })

  test('non-finite and non-positive prices, negative or NaN volume', () => {
    const b = bars([0, H, 2 * H], [NaN, 10, 10], [12, Infinity, 12], [9, 9, -1], [11, 11, 11], [1, NaN, -2])
    expect(run(b).codes).toEqual(['2:open:price', '3:high:price', '4:low:price', '3:volume:value', '4:volume:value'].sort((a, b) => Number(a.split(':')[0]) - Number(b.split(':')[0])))
  })

  test('any series of random valid bars passes; breaking one low always yields exactly one ohlc error there', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.double({ min: 1, max: 1e6, noNaN: true }), fc.double({ min: 1, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 0.1, noNaN: true })), { minLength: 2, maxLength: 50 }), fc.nat(), (rows, k) => {
      const o = rows.map((r) => r[0]); const c = rows.map((r) => r[1])
      const h = rows.map((r) => Math.max(r[0], r[1]) * (1 + r[2])); const l = rows.map((r) => Math.min(r[0], r[1]) * (1 - r[2]))
      const t = rows.map((_, i) => i * H)
      expect(run(bars(t, o, h, l, c)).codes).toEqual([])
      const j = k % rows.length
      l[j] = h[j]! * 1.01
      expect(run(bars(t, o, h, l, c)).codes).toEqual([`${j + 2}:low:ohlc`])
    }))
  })
})

describe('timestamps', () => {
  test('bar size is the median spacing, robust to a few gaps', () => {
    expect(medianSpacingMs(f([0, H, 2 * H, 10 * H, 11 * H]), 5)).toBe(H)
    expect(medianSpacingMs(f([0]), 1)).toBeNaN()
    expect(formatDuration(5 * 60_000)).toBe('5m')
    expect(formatDuration(8 * H + 16)).toBe('8h') // Binance funding jitter
  })

  test('gaps: count, missing bars, largest; severity follows the policy', () => {
    const t = [0, H, 2 * H, 5 * H, 6 * H, 7 * H, 9 * H] // spacings 1,1,3,1,1,2 hours: median 1h, gaps of 2 and 1 missing bars
    const one = t.map(() => 1)
    const b = bars(t, one, one, one, one)
    const strict = run(b, 'error')
    expect(strict.summary.gaps).toEqual({ count: 2, missingBars: 3, largestMs: 3 * H, largestAfterMs: 2 * H })
    expect(strict.codes).toEqual(['5:ts:gap', '8:ts:gap'])
    expect(strict.sink.errors).toBe(2)
    const lax = run(b, 'skip')
    expect([lax.sink.errors, lax.sink.warnings]).toEqual([0, 2])
  })

  test('jitter below half a bar is no gap', () => {
    const t = [0, 8 * H + 16, 16 * H + 5, 24 * H + 20, 32 * H]
    expect(run({ length: 5, tMs: f(t), rate: f([0, 0, 0, 0, 0]) }).summary.gaps.count).toBe(0)
  })
})

describe('vol, funding, chain', () => {
  test('vol must be a fraction in (0, 10]', () => {
    expect(run({ length: 3, tMs: f([0, 1, 2]), vol: f([0.5, 0, 55.3]) }).codes).toEqual(['3:vol:value', '4:vol:value'])
  })

  test('chain: bid above ask, IV outside (0, 10], negative quote; NaN quotes and IVs are "not given"', () => {
    const n = 4
    const c: ChainColumns = {
      length: n, tMs: f([0, 0, 0, 0]), instrument: ['A', 'B', 'C', 'D'], expiryMs: f([H, H, H, H]), strike: f([1, 1, 1, 1]), isCall: Uint8Array.from([1, 0, 1, 0]),
      bid: f([NaN, 0.2, 0.1, -0.1]), ask: f([0.1, 0.1, NaN, 0.2]), mark: f([0.1, 0.15, 0.1, 0.1]),
      bidIv: f([NaN, 0.5, 0, NaN]), askIv: f([NaN, 0.6, 0.7, 10]), markIv: f([0.5, 0.55, 10.5, NaN]),
      underlyingPrice: f([100, 100, 100, 100]), openInterest: f([NaN, 1, 1, 1]),
    }
    expect(run(c).codes).toEqual(['3:bid:bid-ask', '4:bid_iv:iv-range', '4:mark_iv:iv-range', '5:bid:value'])
  })
})

describe('forward-fill', () => {
  test('fills every missing bar at the previous close, and is the identity without gaps', () => {
    const b = bars([0, H, 4 * H], [10, 11, 12], [12, 13, 13], [9, 10, 11], [11, 12.5, 12], [5, 6, 7])
    const { series, filled, sourceRow } = forwardFill(b, H)
    expect(filled).toBe(2)
    expect(Array.from(series.tMs)).toEqual([0, H, 2 * H, 3 * H, 4 * H])
    expect(Array.from(series.close)).toEqual([11, 12.5, 12.5, 12.5, 12])
    expect(Array.from(series.open)).toEqual([10, 11, 12.5, 12.5, 12])
    expect(Array.from(series.volume)).toEqual([5, 6, 0, 0, 7])
    expect(Array.from(sourceRow!)).toEqual([0, 1, 1, 1, 2])
    expect(run(series).codes).toEqual([]) // the filled series is itself valid and gap-free
    const none = bars([0, H], [1, 1], [1, 1], [1, 1], [1, 1])
    expect(forwardFill(none, H).series).toBe(none)
  })
})

test('median spacing: the counting path and the sorting path agree with a plain sort', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 200 }), fc.boolean(), (steps, irregular) => {
    // irregular: thousands of distinct spacings force the sort path
    const t = new Float64Array(irregular ? 5000 : steps.length + 1)
    for (let i = 1; i < t.length; i++) t[i] = t[i - 1]! + (irregular ? i * 1.5 + (steps[i % steps.length] ?? 0) : steps[i - 1]! * 60_000)
    const d: number[] = []
    for (let i = 1; i < t.length; i++) if (t[i]! - t[i - 1]! > 0) d.push(t[i]! - t[i - 1]!)
    d.sort((a, b) => a - b)
    const want = d.length === 0 ? NaN : d.length % 2 === 1 ? d[(d.length - 1) / 2] : (d[d.length / 2 - 1]! + d[d.length / 2]!) / 2
    expect(medianSpacingMs(t, t.length)).toEqual(want)
  }), { numRuns: 100 })
})

test('the sink keeps errors even after its warnings are full, and puts them first', () => {
  const sink = new ProblemSink(3)
  for (let i = 0; i < 10; i++) sink.add({ severity: 'warning', code: 'gap', line: i + 2, column: 'ts', value: '', message: 'gap' })
  sink.add({ severity: 'error', code: 'ohlc', line: 50, column: 'low', value: '1', message: 'bad' })
  expect([sink.errors, sink.warnings]).toEqual([1, 10])
  expect(sink.sorted().map((p) => p.line)).toEqual([50, 2, 3, 4])
})
