import { expect, test } from 'vitest'
import fc from 'fast-check'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { seriesToCsv, writeSeriesCsv } from '../../../data/formats/seriesCsv.ts'
import { loadSeries } from '../../../data/read/loadSeries.ts'
import type { ChainColumns } from '../../../data/barColumns.ts'

const dir = mkdtempSync(join(tmpdir(), 'ov-csv-'))
const H = 3_600_000

test('canonical header and one timestamp style', () => {
  const text = seriesToCsv({ length: 1, tMs: Float64Array.of(Date.UTC(2024, 0, 1)), vol: Float64Array.of(0.553) })
  expect(text).toBe('ts,vol\n2024-01-01T00:00:00.000Z,0.553\n')
})

test('bars written then read give back the very same doubles', async () => {
  await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.double({ min: 1e-6, max: 1e7, noNaN: true }), fc.double({ min: 1e-6, max: 1e7, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true })), { minLength: 1, maxLength: 40 }), async (rows) => {
    const n = rows.length
    const o = Float64Array.from(rows, (r) => r[0]); const c = Float64Array.from(rows, (r) => r[1])
    const bars = { length: n, tMs: Float64Array.from(rows, (_, i) => Date.UTC(2024, 0, 1) + i * H), open: o, close: c,
      high: Float64Array.from(rows, (r) => Math.max(r[0], r[1])), low: Float64Array.from(rows, (r) => Math.min(r[0], r[1])), volume: Float64Array.from(rows, (r) => r[2]) }
    const p = join(dir, 'rt.csv')
    writeSeriesCsv(p, bars)
    const back = (await loadSeries(p, { kind: 'bars' })).series
    for (const k of ['tMs', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(back[k])).toEqual(Array.from(bars[k]))
  }), { numRuns: 30 })
  expect(readdirSync(dir)).toEqual(['rt.csv']) // atomic writes leave no temporary files
})

test('a chain round-trips, NaN quotes as empty cells', async () => {
  const f = (xs: number[]): Float64Array => Float64Array.from(xs)
  const chain: ChainColumns = {
    length: 2, tMs: f([Date.UTC(2024, 2, 12), Date.UTC(2024, 2, 12)]), instrument: ['BTC-29MAR24-70000-C', 'BTC-29MAR24-70000-P'],
    expiryMs: f([Date.UTC(2024, 2, 29, 8), Date.UTC(2024, 2, 29, 8)]), strike: f([70000, 70000]), isCall: Uint8Array.of(1, 0),
    bid: f([0.05, NaN]), ask: f([0.055, 0.02]), mark: f([0.052, 0.018]), bidIv: f([0.6, NaN]), askIv: f([0.7, 0.8]), markIv: f([0.65, 0.75]),
    underlyingPrice: f([72000, 72000]), openInterest: f([10, 0]),
  }
  const p = join(dir, 'chain.csv')
  writeSeriesCsv(p, chain)
  const back = (await loadSeries(p, { kind: 'chain' })).series
  expect(back.instrument).toEqual(chain.instrument)
  expect(Array.from(back.isCall)).toEqual([1, 0])
  for (const k of ['tMs', 'expiryMs', 'strike', 'bid', 'ask', 'mark', 'bidIv', 'askIv', 'markIv', 'underlyingPrice', 'openInterest'] as const) {
    expect(Array.from(back[k]), k).toEqual(Array.from(chain[k]))
  }
})
