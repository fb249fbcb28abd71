import { expect, test } from 'vitest'
import { DataFrame } from 'danfojs'
import { toDataFrame } from '../../../data/danfo/toDataFrame.ts'
import { fromDataFrame } from '../../../data/danfo/fromDataFrame.ts'
import type { ChainColumns, Series } from '../../../data/barColumns.ts'
import { loadSeries } from '../../../data/read/loadSeries.ts'
import { DataError } from '../../../engine/errors/data.ts'

const f = (xs: number[]): Float64Array => Float64Array.from(xs)
const T = [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 1)]
const chain: ChainColumns = {
  length: 2, tMs: f([T[0]!, T[0]!]), instrument: ['BTC-29MAR24-70000-C', 'BTC-29MAR24-70000-P'], expiryMs: f([Date.UTC(2024, 2, 29, 8), Date.UTC(2024, 2, 29, 8)]),
  strike: f([70000, 70000]), isCall: Uint8Array.of(1, 0), bid: f([0.05, NaN]), ask: f([0.055, 0.02]), mark: f([0.052, 0.018]),
  bidIv: f([0.6, NaN]), askIv: f([0.7, 0.8]), markIv: f([0.65, 0.75]), underlyingPrice: f([72000, 72000]), openInterest: f([10, 0]),
}
const cases: [string, Series][] = [
  ['bars', { length: 2, tMs: f(T), open: f([1, 2]), high: f([2, 3]), low: f([0.5, 1.5]), close: f([1.5, 2.5]), volume: f([10, 0]) }],
  ['vol', { length: 2, tMs: f(T), vol: f([0.55, 0.6]) }],
  ['funding', { length: 2, tMs: f(T), rate: f([0.0001, -0.00005]) }],
  ['gas', { length: 2, tMs: f(T), gwei: f([12.5, 30]) }],
  ['chain', chain],
]

test.each(cases)('%s: series -> DataFrame -> series is the identity', (kind, s) => {
  const df = toDataFrame(s)
  expect(df.shape).toEqual([2, Object.keys(s).length - 1])
  expect(df.columns[0]).toBe('ts')
  expect(df.column('ts').values[0]).toBe('2024-01-01T00:00:00.000Z')
  const back = fromDataFrame(df) as unknown as Record<string, unknown>
  for (const [k, v] of Object.entries(s)) {
    expect(k === 'length' ? back[k] : Array.from(back[k] as ArrayLike<unknown>), `${kind}.${k}`).toEqual(k === 'length' ? v : Array.from(v as ArrayLike<unknown>))
  }
})

test('a DataFrame built by hand: epoch seconds, Date and ISO text all read as times; a missing column is a DataError', () => {
  const df = new DataFrame({ ts: [1704067200, '2024-01-01T01:00:00Z'], vol: [0.5, 0.6] })
  expect(Array.from(fromDataFrame(df, 'vol').tMs)).toEqual(T)
  expect(() => fromDataFrame(new DataFrame({ ts: [T[0]], open: [1] }), 'bars')).toThrow(DataError)
})

test('a real file through danfo: Binance BTC 1h, close at 2021-01-01 00:00 is 28995.13 (shared data README)', async () => {
  const { series } = await loadSeries(new URL('../../../../shared/data/btc-usdt-1h-binance.json', import.meta.url).pathname, { kind: 'bars', gaps: 'skip' })
  const df = toDataFrame(series)
  const i = (df.column('ts').values as string[]).indexOf('2021-01-01T00:00:00.000Z')
  expect(df.column('close').values[i]).toBe(28995.13)
  expect(fromDataFrame(df, 'bars').close[i]).toBe(28995.13)
})
