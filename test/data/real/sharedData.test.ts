// Loads and validates EVERY file in ../shared/data (beside the repo; CI provides it) and checks the facts its
// README states: row counts, first/last timestamps, bar sizes, the six Binance gaps and spot-check values.
// Every reference value below is quoted from ../shared/data/README.md. The files are never copied here.
import { describe, expect, test } from 'vitest'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { loadSeries } from '../../../data/read/loadSeries.ts'
import type { BarColumns, ChainColumns, FundingColumns, VolColumns } from '../../../data/barColumns.ts'
import { DataError } from '../../../engine/errors/data.ts'

const SHARED = fileURLToPath(new URL('../../../../shared/data/', import.meta.url))
const at = (name: string): string => join(SHARED, name)
const utc = (iso: string): number => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : `${iso.replace(' ', 'T')}:00Z`)
const H = 3_600_000
const D = 86_400_000

/** Row of a bar series opening at `iso`, so spot checks read by time, not by position. */
function barAt(b: BarColumns, iso: string): { open: number; high: number; low: number; close: number } {
  const i = b.tMs.indexOf(utc(iso))
  expect(i, `a bar opens at ${iso}`).toBeGreaterThanOrEqual(0)
  return { open: b.open[i]!, high: b.high[i]!, low: b.low[i]!, close: b.close[i]! }
}

// file, kind, rows, first, last, bar size (README table)
const TABLE: [string, string, number, string, string, number][] = [
  ['btc-usd-1d-yahoo.csv', 'bars', 3541, '2014-09-17', '2024-05-27', D],
  ['eth-usd-1d-yahoo.csv', 'bars', 2392, '2017-11-09', '2024-05-27', D],
  ['btc-usd-1d-bitstamp-cryptodatadownload.csv', 'bars', 2823, '2014-11-28', '2022-08-20', D],
  ['btc-usd-1h-bitstamp-cryptodatadownload.csv', 'bars', 37387, '2018-05-15 06:00', '2022-08-20 00:00', H],
  ['btc-usdt-1h-binance.json', 'bars', 5482, '2020-12-01 00:00', '2021-07-17 20:00', H],
  ['eth-usdt-1h-binance.json', 'bars', 5482, '2020-12-01 00:00', '2021-07-17 20:00', H],
  ['btc-usdt-5m-binance.json', 'bars', 65741, '2020-12-01 00:00', '2021-07-17 21:05', 5 * 60_000],
  ['eth-usdt-5m-binance.json', 'bars', 65742, '2020-12-01 00:00', '2021-07-17 21:10', 5 * 60_000],
  ['btc-dvol-1d-deribit.json', 'vol', 1102, '2022-11-06', '2025-11-12', D],
]

describe('every file in ../shared/data loads and validates', () => {
  test('the folder holds the 13 data files the README lists, and each one is in a test below', () => {
    const files = readdirSync(SHARED).filter((f) => f !== 'README.md').sort()
    expect(files).toHaveLength(13)
    const covered = new Set([...TABLE.map((r) => r[0]), 'btc-funding-rate-8h-binance-usdtperp.json', 'btc-options-chain-deribit-2024-03-12.csv',
      'eth-options-chain-deribit-2024-01-08.csv', 'btc-options-chain-deribit-2026-03-atm-subset.csv'])
    expect(files).toEqual([...covered].sort())
  })

  test.each(TABLE)('%s: %s, %i rows, %s to %s, bar size', async (name, kind, rows, first, last, barMs) => {
    const { report } = await loadSeries(at(name), { gaps: 'skip' })
    expect(report.kind).toBe(kind)
    expect(report.rows).toBe(rows)
    expect(report.firstMs).toBe(utc(first))
    expect(report.lastMs).toBe(utc(last))
    expect(report.barMs).toBe(barMs)
    expect(report.errors, JSON.stringify(report.problems.slice(0, 3))).toBe(0) // every bar satisfies low <= open,close <= high
  })

  test('Yahoo and Bitstamp: no gaps, no duplicates, so they load under the strict default policy', async () => {
    for (const name of ['btc-usd-1d-yahoo.csv', 'eth-usd-1d-yahoo.csv', 'btc-usd-1d-bitstamp-cryptodatadownload.csv', 'btc-usd-1h-bitstamp-cryptodatadownload.csv']) {
      const { report } = await loadSeries(at(name))
      expect(report.gaps.count, name).toBe(0)
      expect(report.warnings, name).toBe(0)
    }
  })
})

describe('Binance klines: the six known gaps', () => {
  // last bar before each gap -> first bar after it, and the 5m bars missing in each (README §2)
  const GAPS: [string, string, number][] = [
    ['2020-12-21 14:00', '2020-12-21 18:00', 46], ['2020-12-25 01:00', '2020-12-25 03:00', 12], ['2021-02-11 03:00', '2021-02-11 05:00', 15],
    ['2021-03-06 01:00', '2021-03-06 03:00', 18], ['2021-04-20 01:00', '2021-04-20 04:00', 30], ['2021-04-25 04:00', '2021-04-25 08:00', 56],
  ]

  test.each(['btc-usdt-1h-binance.json', 'eth-usdt-1h-binance.json'])('%s: six gaps at the stated hours', async (name) => {
    const { series, report } = await loadSeries(at(name), { kind: 'bars', gaps: 'skip' })
    expect(report.gaps.count).toBe(6)
    const found: [number, number][] = []
    for (let i = 1; i < series.length; i++) if (series.tMs[i]! - series.tMs[i - 1]! > H) found.push([series.tMs[i - 1]!, series.tMs[i]!])
    expect(found).toEqual(GAPS.map(([a, b]) => [utc(a), utc(b)]))
    expect(report.gaps.missingBars).toBe(GAPS.reduce((s, [a, b]) => s + (utc(b) - utc(a)) / H - 1, 0))
  })

  test.each(['btc-usdt-5m-binance.json', 'eth-usdt-5m-binance.json'])('%s: the six gaps miss 46, 12, 15, 18, 30 and 56 bars', async (name) => {
    const { report } = await loadSeries(at(name), { gaps: 'skip' })
    expect(report.gaps.count).toBe(6)
    expect(report.gaps.missingBars).toBe(46 + 12 + 15 + 18 + 30 + 56)
    const missing = report.problems.filter((p) => p.code === 'gap').map((p) => Number(/(\d+) missing/.exec(p.message)![1]))
    expect(missing).toEqual(GAPS.map((g) => g[2]))
  })

  test('the strict default policy refuses them with a DataError at the first gap', async () => {
    const e = await loadSeries(at('btc-usdt-1h-binance.json')).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(DataError)
    expect((e as DataError).message).toContain('2020-12-21T18:00:00.000Z')
  })

  test('forward-fill makes a gap-free hourly series', async () => {
    const { series, report } = await loadSeries(at('btc-usdt-1h-binance.json'), { kind: 'bars', gaps: 'forward-fill' })
    expect(series.length).toBe(5482 + 11)
    expect((series.tMs[series.length - 1]! - series.tMs[0]!) / H + 1).toBe(series.length)
    expect(report.gaps.filled).toBe(11)
  })
})

describe('spot checks', () => {
  test('Binance 1h 2021-01-01 00:00: BTC O 28923.63 H 29031.34 L 28690.17 C 28995.13; ETH O 736.42 C 734.07', async () => {
    const btc = (await loadSeries(at('btc-usdt-1h-binance.json'), { kind: 'bars', gaps: 'skip' })).series
    expect(barAt(btc, '2021-01-01 00:00')).toEqual({ open: 28923.63, high: 29031.34, low: 28690.17, close: 28995.13 })
    const eth = (await loadSeries(at('eth-usdt-1h-binance.json'), { kind: 'bars', gaps: 'skip' })).series
    expect(barAt(eth, '2021-01-01 00:00')).toMatchObject({ open: 736.42, close: 734.07 })
  })

  test('Yahoo daily: BTC 2021-01-01 O 28994.01 C 29374.15, 2017-12-17 C 19140.80, 2022-11-09 C 15880.78, 2024-01-01 O 42280.23; ETH 2021-01-01 O 737.71 C 730.37', async () => {
    const btc = (await loadSeries(at('btc-usd-1d-yahoo.csv'), { kind: 'bars' })).series
    expect(barAt(btc, '2021-01-01').open).toBeCloseTo(28994.01, 2)
    expect(barAt(btc, '2021-01-01').close).toBeCloseTo(29374.15, 2)
    expect(barAt(btc, '2017-12-17').close).toBeCloseTo(19140.80, 2)
    expect(barAt(btc, '2022-11-09').close).toBeCloseTo(15880.78, 2)
    expect(barAt(btc, '2024-01-01').open).toBeCloseTo(42280.23, 2)
    const eth = (await loadSeries(at('eth-usd-1d-yahoo.csv'), { kind: 'bars' })).series
    expect(barAt(eth, '2021-01-01').open).toBeCloseTo(737.71, 2)
    expect(barAt(eth, '2021-01-01').close).toBeCloseTo(730.37, 2)
  })

  test('Bitstamp: daily 2021-01-01 O 28999.63 H 29700 L 28720 C 29402.64; hourly 00:00 O 28999.63 C 29056.94; newest-first rows come out oldest first', async () => {
    const d = (await loadSeries(at('btc-usd-1d-bitstamp-cryptodatadownload.csv'), { kind: 'bars' })).series
    expect(barAt(d, '2021-01-01')).toEqual({ open: 28999.63, high: 29700, low: 28720, close: 29402.64 })
    const h = (await loadSeries(at('btc-usd-1h-bitstamp-cryptodatadownload.csv'), { kind: 'bars' })).series
    expect(barAt(h, '2021-01-01 00:00')).toMatchObject({ open: 28999.63, close: 29056.94 })
    expect(h.tMs[1]! - h.tMs[0]!).toBe(H)
  })

  test('DVOL: 1102 days, one missing day (2025-11-11), range 32.38 to 114.72 with the max on 2022-11-09, stored as fractions', async () => {
    const { series, report } = await loadSeries(at('btc-dvol-1d-deribit.json'), { kind: 'vol', gaps: 'skip' }) as { series: VolColumns; report: Awaited<ReturnType<typeof loadSeries>>['report'] }
    expect(report.gaps).toMatchObject({ count: 1, missingBars: 1, largestAfterMs: utc('2025-11-10') })
    const v = Array.from(series.vol)
    expect(Math.min(...v)).toBeCloseTo(0.3238, 12)
    expect(Math.max(...v)).toBeCloseTo(1.1472, 12)
    expect(series.tMs[v.indexOf(Math.max(...v))]).toBe(utc('2022-11-09'))
    await expect(loadSeries(at('btc-dvol-1d-deribit.json'))).rejects.toThrow(DataError) // strict policy: the gap is an error
  })

  test('funding: 3316 rows every 8h, no gaps; percent -0.119 to 0.088 becomes fractions -0.00119 to 0.00088', async () => {
    const { series, report } = await loadSeries(at('btc-funding-rate-8h-binance-usdtperp.json'), { kind: 'funding' }) as { series: FundingColumns; report: Awaited<ReturnType<typeof loadSeries>>['report'] }
    expect(report.rows).toBe(3316)
    expect(report.gaps.count).toBe(0)
    expect(Math.abs(report.barMs - 8 * H)).toBeLessThan(100) // fundingTime jitters by a few ms
    expect(report.firstMs).toBe(1_667_462_400_016) // 2022-11-03 08:00 plus Binance's 16 ms jitter, kept
    expect(Math.round(report.lastMs / H)).toBe(utc('2025-11-12 08:00') / H)
    const r = Array.from(series.rate)
    const pct3 = (x: number): number => Math.round(x * 100 * 1000) / 1000 // the README quotes percent to 3 decimals
    expect(pct3(Math.min(...r))).toBe(-0.119)
    expect(pct3(Math.max(...r))).toBe(0.088)
    expect(r[0]).toBeCloseTo(0.0000044, 15) // first row 0.00044 percent
  })
})

describe('Deribit chains', () => {
  const expiries = (c: ChainColumns): number[] => [...new Set(c.expiryMs)].sort((a, b) => a - b)

  test('BTC 2024-03-12: 1198 instruments, 12 expiries 12MAR24 to 27DEC24, snapshot at 05:57:12 UTC, mark IV 24.19% to 100%', async () => {
    const { series, report } = await loadSeries(at('btc-options-chain-deribit-2024-03-12.csv'), { kind: 'chain' })
    expect(report.errors + report.warnings).toBe(0)
    expect(series.length).toBe(1198)
    const e = expiries(series)
    expect(e).toHaveLength(12)
    expect([e[0], e.at(-1)]).toEqual([Date.UTC(2024, 2, 12, 8), Date.UTC(2024, 11, 27, 8)])
    expect([series.tMs[0], series.tMs[series.length - 1]]).toEqual([1_710_223_032_940, 1_710_223_032_959])
    const iv = Array.from(series.markIv)
    expect(Math.min(...iv)).toBeCloseTo(0.2419, 12)
    expect(Math.max(...iv)).toBeCloseTo(1, 12)
    expect(series.bid.filter(Number.isNaN).length).toBeGreaterThan(0) // empty bids kept as "no quote"
  })

  test('ETH 2024-01-08: 684 instruments, 11 expiries 9JAN24 to 27DEC24, no mark_iv column', async () => {
    const { series, report } = await loadSeries(at('eth-options-chain-deribit-2024-01-08.csv'), { kind: 'chain' })
    expect(series.length).toBe(684)
    const e = expiries(series)
    expect(e).toHaveLength(11)
    expect([e[0], e.at(-1)]).toEqual([Date.UTC(2024, 0, 9, 8), Date.UTC(2024, 11, 27, 8)])
    expect(series.markIv.every(Number.isNaN)).toBe(true)
    expect(report.notes.join(' ')).toContain('no mark_iv')
  })

  test('BTC 2026-03 ATM subset: 166 options over 8 expiries from 13MAR26; no snapshot time, so a lower bound is noted', async () => {
    const { series, report } = await loadSeries(at('btc-options-chain-deribit-2026-03-atm-subset.csv'), { kind: 'chain' })
    expect(series.length).toBe(166)
    const e = expiries(series)
    expect(e).toHaveLength(8)
    expect(e[0]).toBe(Date.UTC(2026, 2, 13, 8))
    expect(series.tMs[0]).toBeGreaterThanOrEqual(utc('2026-02-28'))
    expect(series.tMs[0]).toBeLessThan(e[0]!)
    expect(report.notes.join(' ')).toContain('no snapshot time')
    const given = await loadSeries(at('btc-options-chain-deribit-2026-03-atm-subset.csv'), { kind: 'chain', snapshotMs: utc('2026-03-01') })
    expect(given.series.tMs[0]).toBe(utc('2026-03-01'))
  })
})
