import { describe, expect, test } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { loadSeries } from '../../../data/read/loadSeries.ts'
import { DataError } from '../../../engine/errors/data.ts'
import { InputError } from '../../../engine/errors/input.ts'

const dir = mkdtempSync(join(tmpdir(), 'ov-load-'))
const file = (name: string, text: string): string => { const p = join(dir, name); writeFileSync(p, text); return p }
const H = 3_600_000
const T0 = Date.UTC(2024, 0, 1)

const barsCsv = 'ts,open,high,low,close,volume\n' +
  '2024-01-01T00:00:00.000Z,100,110,95,105,1.5\n' +
  '2024-01-01T01:00:00.000Z,105,112,101,108,2\n' +
  '2024-01-01T02:00:00.000Z,108,109,100,101,0\n'

async function dataError(p: Promise<unknown>): Promise<DataError> {
  try { await p } catch (e) { if (e instanceof DataError) return e; throw e }
  throw new Error('expected a DataError')
}

describe('canonical CSV', () => {
  test('bars load into typed columns, ts as the bar open in ms', async () => {
    const { series, report } = await loadSeries(file('bars.csv', barsCsv), { kind: 'bars' })
    expect(series.length).toBe(3)
    expect(series.tMs).toBeInstanceOf(Float64Array)
    expect(Array.from(series.tMs)).toEqual([T0, T0 + H, T0 + 2 * H])
    expect(Array.from(series.close)).toEqual([105, 108, 101])
    expect(Array.from(series.volume)).toEqual([1.5, 2, 0])
    expect(report).toMatchObject({ kind: 'bars', format: 'bars-csv', rows: 3, barMs: H, errors: 0, warnings: 0, firstMs: T0, lastMs: T0 + 2 * H })
  })

  test('columns in any order, epoch seconds or ISO without zone in ts', async () => {
    const p = file('order.csv', 'close,ts,volume,low,high,open\n105,1704067200,1,95,110,100\n108,2024-01-01 01:00:00,1,101,112,105\n')
    const { series } = await loadSeries(p, { kind: 'bars' })
    expect(Array.from(series.tMs)).toEqual([T0, T0 + H])
    expect(Array.from(series.open)).toEqual([100, 105])
  })

  test('a low above the open throws DataError naming file:line:column and the value', async () => {
    const p = file('ohlc.csv', barsCsv.replace('105,112,101,108', '105,112,106,108'))
    const e = await dataError(loadSeries(p))
    expect(e.exitCode).toBe(2)
    expect(e).toBeInstanceOf(InputError)
    expect(e).toMatchObject({ line: 3, column: 'low' })
    expect(e.message).toContain(`${p}:3:low`)
    expect(e.message).toContain('106')
    expect(e.message).toContain('open 105')
  })

  test('a high below the close, a zero price, a negative volume and text in a number are each named', async () => {
    const text = 'ts,open,high,low,close,volume\n' +
      '2024-01-01T00:00:00Z,100,104,95,105,1\n' + // line 2: high < close
      '2024-01-01T01:00:00Z,0,110,0,105,1\n' + // line 3: open 0, low 0
      '2024-01-01T02:00:00Z,100,110,95,105,-1\n' + // line 4: volume < 0
      '2024-01-01T03:00:00Z,100,abc,95,105,1\n' // line 5: high not a number
    const { report } = await loadSeries(file('many.csv', text), { throwOnError: false })
    const at = report.problems.map((p) => `${p.line}:${p.column}:${p.code}`)
    expect(at).toEqual(['2:high:ohlc', '3:open:price', '3:low:price', '4:volume:value', '5:high:parse'])
    expect(report.errors).toBe(5)
  })

  test('unsorted and duplicate timestamps are errors at the later line', async () => {
    const text = barsCsv + '2024-01-01T02:00:00.000Z,101,102,100,101,1\n2024-01-01T01:30:00.000Z,101,102,100,101,1\n'
    const { report } = await loadSeries(file('dup.csv', text), { throwOnError: false })
    expect(report.problems.map((p) => [p.line, p.code])).toEqual([[5, 'duplicate'], [6, 'unsorted']])
  })

  test('a blank line or a short row is a DataError at its line', async () => {
    const e = await dataError(loadSeries(file('blank.csv', barsCsv.replace('\n2024-01-01T01', '\n\n2024-01-01T01'))))
    expect(e.line).toBe(3)
    const short = await dataError(loadSeries(file('short.csv', barsCsv + '2024-01-01T03:00:00Z,1,2\n')))
    expect(short.line).toBe(5)
  })

  test('blank lines at the end of the file, CRLF line ends and a BOM are fine', async () => {
    const text = '\uFEFF' + barsCsv.replaceAll('\n', '\r\n') + '\r\n\r\n'
    const { series, report } = await loadSeries(file('crlf.csv', text), { kind: 'bars' })
    expect(series.length).toBe(3)
    expect(report.errors).toBe(0)
  })

  test('a missing column or an unknown layout names the header', async () => {
    const e = await dataError(loadSeries(file('nolow.csv', 'ts,open,high,close,volume\n2024-01-01,1,2,1,0\n'), { kind: 'bars' }))
    expect(e.message).toMatch(/header|layout/)
    await expect(loadSeries(file('what.csv', 'a,b\n1,2\n'))).rejects.toThrow(/not a layout optvault knows/)
    await expect(loadSeries(join(dir, 'nope.csv'))).rejects.toThrow(/does not exist/)
  })

  test('asking for the wrong kind is a DataError', async () => {
    await expect(loadSeries(file('k.csv', barsCsv), { kind: 'vol' })).rejects.toThrow(/holds bars .* but vol was asked for/)
  })

  test('vol, funding and gas CSVs; vol in percent is caught', async () => {
    const vol = await loadSeries(file('v.csv', 'ts,vol\n2024-01-01,0.553\n2024-01-02,0.6\n'), { kind: 'vol' })
    expect(Array.from(vol.series.vol)).toEqual([0.553, 0.6])
    const funding = await loadSeries(file('f.csv', 'ts,rate\n2024-01-01T00:00:00Z,0.0001\n2024-01-01T08:00:00Z,-0.0002\n'), { kind: 'funding' })
    expect(funding.report.barMs).toBe(8 * H)
    const gas = await loadSeries(file('g.csv', 'ts,gwei\n2024-01-01T00:00:00Z,12.5\n2024-01-01T00:00:12Z,13\n'), { kind: 'gas' })
    expect(gas.series.gwei[1]).toBe(13)
    const pct = await dataError(loadSeries(file('vp.csv', 'ts,vol\n2024-01-01,55.3\n')))
    expect(pct.message).toContain('0.553')
  })
})

describe('gap policy', () => {
  // hours 0, 1, 4, 5: one gap of two missing bars after 01:00
  const gappy = 'ts,open,high,low,close,volume\n' + [0, 1, 4, 5].map((h) => `${new Date(T0 + h * H).toISOString()},100,101,99,100.5,1`).join('\n') + '\n'

  test('error: the load throws at the first bar after the gap', async () => {
    const e = await dataError(loadSeries(file('gap.csv', gappy)))
    expect(e).toMatchObject({ line: 4, column: 'ts' })
    expect(e.message).toContain('2 missing bar(s) of 1h')
  })

  test('skip: a warning with count and largest gap, the series unchanged', async () => {
    const { series, report } = await loadSeries(file('gap.csv', gappy), { gaps: 'skip' })
    expect(series.length).toBe(4)
    expect(report.errors).toBe(0)
    expect(report.warnings).toBe(1)
    expect(report.gaps).toMatchObject({ count: 1, missingBars: 2, largestMs: 3 * H, largestAfterMs: T0 + H, filled: 0 })
  })

  test('forward-fill: missing bars flat at the previous close with zero volume', async () => {
    const { series, report } = await loadSeries(file('gap.csv', gappy), { kind: 'bars', gaps: 'forward-fill' })
    expect(series.length).toBe(6)
    expect(Array.from(series.tMs)).toEqual([0, 1, 2, 3, 4, 5].map((h) => T0 + h * H))
    for (const c of ['open', 'high', 'low', 'close'] as const) expect(series[c][2]).toBe(100.5)
    expect(series.volume[3]).toBe(0)
    expect(report.gaps.filled).toBe(2)
  })
})

describe('source layouts', () => {
  test('CryptoDataDownload: banner, newest first, unix seconds; rows reversed, lines still point into the file', async () => {
    const p = file('cdd.csv', 'https://www.CryptoDataDownload.com\nunix,date,symbol,open,high,low,close,Volume BTC,Volume USD\n' +
      '1704070800,2024-01-01 01:00:00,BTC/USD,105,112,101,108,2,216\n' +
      '1704067200,2024-01-01 00:00:00,BTC/USD,100,110,95,120,1.5,157\n') // line 4: close 120 above high 110
    const { series, report } = await loadSeries(p, { throwOnError: false })
    expect(Array.from(series.tMs)).toEqual([T0, T0 + H])
    expect((series as { volume: Float64Array }).volume[0]).toBe(1.5)
    expect(report.problems[0]).toMatchObject({ line: 4, column: 'high', code: 'ohlc' })
  })

  test('Yahoo: Volume in USD becomes base units; a null row is a parse error', async () => {
    const p = file('y.csv', 'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-01,100,110,95,105,105,2100\n2024-01-02,null,null,null,null,null,null')
    const { series, report } = await loadSeries(p, { throwOnError: false })
    expect((series as { volume: Float64Array }).volume[0]).toBe(20) // 2100 USD / close 105
    expect(report.problems[0]).toMatchObject({ line: 3, column: 'Open', code: 'parse', value: 'null' })
  })

  test('Binance klines JSON, including the REST form with string prices', async () => {
    const p = file('k.json', JSON.stringify([[T0, '100', '110', '95', '105', '1.5', T0 + H - 1, '150', 10, '1', '100', '0']]))
    const { series } = await loadSeries(p, { kind: 'bars' })
    expect(series.close[0]).toBe(105)
  })

  test('[ms, value] JSON: DVOL percent and funding percent both become fractions', async () => {
    const dvol = await loadSeries(file('x-dvol.json', '[[1667692800000, 56.76], [1667779200000, 59.48]]'), { kind: 'vol' })
    expect(dvol.series.vol[0]).toBeCloseTo(0.5676, 12)
    const funding = await loadSeries(file('x-funding.json', '[[1667462400016, 0.01], [1667491200005, -0.02]]'))
    expect(funding.report.kind).toBe('funding')
    expect((funding.series as { rate: Float64Array }).rate[0]).toBeCloseTo(0.0001, 15) // 0.01% per 8h = Binance fundingRate 0.0001
    const byValue = await loadSeries(file('x.json', '[[1667692800000, 56.76], [1667779200000, 59.48]]'))
    expect(byValue.report.kind).toBe('vol')
  })

  test('Deribit book summary CSV: strike/expiry/type from the name, IV percent to fraction, empty bid is no quote', async () => {
    const p = file('chain.csv', 'instrument_name,creation_timestamp,bid_price,ask_price,mark_price,mark_iv,underlying_price,open_interest\n' +
      'BTC-28JUN24-58000-P,1710223032940,,0.0125,0.0119,61.2,77322.77,10\n' +
      'BTC-28JUN24-58000-C,1710223032940,0.33,0.3,0.31,61.2,77322.77,3\n') // line 3: bid above ask
    const { series, report } = await loadSeries(p, { kind: 'chain', throwOnError: false })
    expect(series.expiryMs[0]).toBe(Date.UTC(2024, 5, 28, 8))
    expect(series.strike[0]).toBe(58000)
    expect(Array.from(series.isCall)).toEqual([0, 1])
    expect(series.bid[0]).toBeNaN()
    expect(series.markIv[0]).toBeCloseTo(0.612, 12)
    expect(report.problems).toEqual([expect.objectContaining({ line: 3, column: 'bid_price', code: 'bid-ask' })])
  })

  test('canonical chain CSV: IV out of (0, 10] and a repeated instrument in one snapshot', async () => {
    const head = 'ts,instrument,expiry,strike,type,bid,ask,mark,bid_iv,ask_iv,mark_iv,underlying_price,open_interest\n'
    const row = (iv: string) => `2024-03-12T05:57:12Z,BTC-29MAR24-70000-C,2024-03-29T08:00:00Z,70000,call,0.05,0.055,0.052,0.6,0.7,${iv},72000,1\n`
    const { report } = await loadSeries(file('c.csv', head + row('0.65') + row('12')), { throwOnError: false })
    expect(report.problems.map((p) => `${p.line}:${p.column}:${p.code}`)).toEqual(['3:instrument:duplicate', '3:mark_iv:iv-range'])
  })

  test('Parquet with the canonical columns, TIMESTAMP or INT64 ms', async () => {
    const p = join(dir, 'bars.parquet')
    parquetWriteFile({
      filename: p,
      columnData: [
        { name: 'ts', data: [new Date(T0), new Date(T0 + H)], type: 'TIMESTAMP' },
        { name: 'open', data: [100, 105], type: 'DOUBLE' }, { name: 'high', data: [110, 112], type: 'DOUBLE' },
        { name: 'low', data: [95, 101], type: 'DOUBLE' }, { name: 'close', data: [105, 108], type: 'DOUBLE' },
        { name: 'volume', data: [1.5, 2], type: 'DOUBLE' },
      ],
    })
    const { series, report } = await loadSeries(p, { kind: 'bars' })
    expect(report.format).toBe('bars-parquet')
    expect(Array.from(series.tMs)).toEqual([T0, T0 + H])
    expect(Array.from(series.close)).toEqual([105, 108])

    const v = join(dir, 'vol.parquet')
    parquetWriteFile({ filename: v, columnData: [{ name: 'ts', data: [BigInt(T0), BigInt(T0 + 864e5)], type: 'INT64' }, { name: 'vol', data: [0.5, -0.1], type: 'DOUBLE' }] })
    const bad = await dataError(loadSeries(v))
    expect(bad).toMatchObject({ line: 2, column: 'vol' }) // Parquet problems name the 1-based row
  })
})
