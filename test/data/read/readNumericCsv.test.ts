import { afterAll, describe, expect, test } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Series } from '../../../data/barColumns.ts'
import { readNumericCsv } from '../../../data/read/readNumericCsv.ts'
import { readNumericCsvStrict } from '../../../data/read/readNumericCsvStrict.ts'
import { DataError } from '../../../engine/errors/data.ts'
import { ProblemSink } from '../../../data/validate/dataProblem.ts'

const dir = mkdtempSync(join(tmpdir(), 'ov-numcsv-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const file = (text: string): string => { const p = join(dir, `f${n++}.csv`); writeFileSync(p, text); return p }
const MIN = 60_000
const T0 = Date.UTC(2024, 0, 1)

// Bars whose text is known: row i opens at T0 + i minutes. Enough rows to span many 64 KiB chunks.
function barLines(rows: number): string[] {
  return Array.from({ length: rows }, (_, i) => {
    const open = 30_000 + (i % 997) * 1.25
    return `${new Date(T0 + i * MIN).toISOString()},${open},${open + 10.5},${open - 9.75},${open + 0.01},${(i % 13) / 8}`
  })
}
const HEADER = 'ts,open,high,low,close,volume'
const bars = (lines: readonly string[], eol = '\n'): string => [HEADER, ...lines].join(eol) + eol

const plain = (s: Series): Record<string, number[]> =>
  Object.fromEntries(Object.entries(s).filter(([, v]) => v instanceof Float64Array).map(([k, v]) => [k, Array.from(v as Float64Array)]))

async function readBoth(p: string): Promise<{ fast: Series; strict: Series; sink: ProblemSink }> {
  const sink = new ProblemSink()
  const fast = (await readNumericCsv(p, 'bars', sink)).series
  const strict = await readNumericCsvStrict(p, 'bars', new ProblemSink())
  return { fast, strict, sink }
}

async function dataError(p: Promise<unknown>): Promise<DataError> {
  try { await p } catch (e) { if (e instanceof DataError) return e; throw e }
  throw new Error('expected a DataError')
}

describe('readNumericCsv reads what csv-parse reads', () => {
  const lines = barLines(5000) // ~330 kB: lines cross chunk boundaries at many offsets

  test('LF file over many chunks: same columns as csv-parse, values as written', async () => {
    const { fast, strict, sink } = await readBoth(file(bars(lines)))
    expect(fast.length).toBe(5000)
    expect(plain(fast)).toEqual(plain(strict))
    expect(fast.tMs[4999]).toBe(T0 + 4999 * MIN)
    expect((fast as { open: Float64Array }).open[1000]).toBe(30_000 + 3 * 1.25) // 1000 % 997 = 3
    expect(sink.errors).toBe(0)
  })

  test('CRLF line ends, a BOM and trailing blank lines', async () => {
    const { fast, strict, sink } = await readBoth(file('\uFEFF' + bars(lines, '\r\n') + '\r\n\r\n'))
    expect(fast.length).toBe(5000)
    expect(plain(fast)).toEqual(plain(strict))
    expect(sink.errors).toBe(0)
  })

  test('every field quoted, or only some: the quotes are not part of the values', async () => {
    const all = lines.map((l) => l.split(',').map((f) => `"${f}"`).join(','))
    const some = lines.map((l, i) => (i % 3 === 0 ? l.replace(/^([^,]+),([^,]+)/, '"$1",$2') : l))
    const reference = plain((await readBoth(file(bars(lines)))).fast)
    for (const text of [`"ts","open","high","low","close","volume"\n${all.join('\n')}\n`, bars(some), bars(some, '\r\n')]) {
      const { fast, strict, sink } = await readBoth(file(text))
      expect(plain(fast)).toEqual(reference)
      expect(plain(strict)).toEqual(reference)
      expect(sink.errors).toBe(0)
    }
  })

  test('columns in any order, extra columns ignored, a quoted comma in one of them', async () => {
    const text = 'note,close,ts,volume,low,high,open\n' + lines.slice(0, 300).map((l, i) => {
      const [ts, open, high, low, close, volume] = l.split(',')
      return `"a, b ${i}",${close},${ts},${volume},${low},${high},${open}`
    }).join('\n') + '\n'
    const sink = new ProblemSink()
    const { series } = await readNumericCsv(file(text), 'bars', sink)
    expect(plain(series)).toEqual(plain((await readBoth(file(bars(lines.slice(0, 300))))).fast))
    expect(sink.errors).toBe(0)
  })

  test('UTF-8 text and a line longer than a chunk in an ignored column', async () => {
    const long = 'é€'.repeat(50_000) // 250 kB of two- and three-byte characters
    const text = 'ts,vol,note\n2024-01-01T00:00:00Z,0.5,short\n' + `2024-01-02T00:00:00Z,0.6,${long}\n` + '2024-01-03T00:00:00Z,0.7,fin\n'
    const { series } = await readNumericCsv(file(text), 'vol', new ProblemSink())
    expect(Array.from(series.tMs)).toEqual([T0, T0 + 86_400_000, T0 + 2 * 86_400_000])
    expect(Array.from(series.vol)).toEqual([0.5, 0.6, 0.7])
  })

  test('numbers in any notation csv-parse passes to Number(): exponents, signs, spaces', async () => {
    const text = 'ts,rate\n1704067200,1e-4\n1704096000,-0.0002\n1704124800, 0.0003 \n1704153600,+5E-5\n1704182400,.00001\n'
    const { series } = await readNumericCsv(file(text), 'funding', new ProblemSink())
    expect(Array.from(series.rate)).toEqual([1e-4, -0.0002, 0.0003, 5e-5, 1e-5])
    expect(series.tMs[1]).toBe(T0 + 8 * 3_600_000)
  })

  test('a line break inside a quoted, ignored field: both parsers agree, so the values stand', async () => {
    const text = 'ts,vol,note\n2024-01-01,0.5,"two\nlines"\n2024-01-02,0.6,"a ""quoted"" word"\n'
    const sink = new ProblemSink()
    const { series } = await readNumericCsv(file(text), 'vol', sink)
    expect(Array.from(series.vol)).toEqual([0.5, 0.6])
    expect(Array.from(series.tMs)).toEqual([T0, T0 + 86_400_000])
    expect(sink.errors).toBe(0)
  })

  test('a header-only file is zero rows; an empty file is a DataError at line 1', async () => {
    const { series } = await readNumericCsv(file(`${HEADER}\n`), 'bars', new ProblemSink())
    expect(series.length).toBe(0)
    expect((await dataError(readNumericCsv(file(''), 'bars', new ProblemSink()))).line).toBe(1)
  })
})

describe('problems name file:line and column', () => {
  test('every unparsable cell is an error at row + 2, also deep in the file, and becomes NaN', async () => {
    const lines = barLines(3000)
    lines[0] = lines[0]!.replace(/,[^,]+$/, ',abc') // line 2, volume
    lines[1500] = lines[1500]!.replace(/^[^,]+/, '2024-02-30T00:00:00.000Z') // line 1502, ts: no 30 February
    lines[2999] = lines[2999]!.replace(/^([^,]+),[^,]+/, '$1,1.2.3') // line 3001, open
    const p = file(bars(lines))
    const sink = new ProblemSink()
    const { series, lineOf } = await readNumericCsv(p, 'bars', sink)
    expect(sink.sorted().map((x) => `${x.line}:${x.column}:${x.value}`)).toEqual(['2:volume:abc', '1502:ts:2024-02-30T00:00:00.000Z', '3001:open:1.2.3'])
    expect(series.length).toBe(3000)
    expect(series.tMs[1500]).toBeNaN()
    expect((series as { open: Float64Array }).open[2999]).toBeNaN()
    expect(lineOf(2999)).toBe(3001)
  })

  test('an empty cell is NaN without a parse error (validation reports it as not finite)', async () => {
    const sink = new ProblemSink()
    const { series } = await readNumericCsv(file(`${HEADER}\n2024-01-01T00:00:00Z,1,2,0.5,1.5,\n`), 'bars', sink)
    expect((series as { volume: Float64Array }).volume[0]).toBeNaN()
    expect(sink.errors).toBe(0)
  })

  test('a missing column names it and the header', async () => {
    const e = await dataError(readNumericCsv(file('ts,open,high,close,volume\n2024-01-01,1,2,1,0\n'), 'bars', new ProblemSink()))
    expect(e).toMatchObject({ line: 1, column: 'low' })
    expect(e.message).toContain('ts,open,high,close,volume')
  })

  test('only a comma separates fields, as for csv-parse: a semicolon file has no ts column', async () => {
    const e = await dataError(readNumericCsv(file('ts;vol\n2024-01-01;0.5\n'), 'vol', new ProblemSink()))
    expect(e).toMatchObject({ line: 1, column: 'ts' })
  })

  // uDSV skips blank lines and lets a short row run on into the next line; each of these must still stop
  // the load at the right line, as csv-parse reports it
  const lines = barLines(3000) // line k + 2 holds lines[k]
  const cases: [string, string, number][] = [
    ['a blank line after the header', bars(['', ...lines]), 2],
    ['a blank line deep in the file', bars([...lines.slice(0, 2000), '', ...lines.slice(2000)]), 2002],
    ['a CRLF blank line', bars([...lines.slice(0, 10), '', ...lines.slice(10)], '\r\n'), 12],
    ['a short row', bars([...lines.slice(0, 1200), '2024-01-01T20:00:00.000Z,1,2', ...lines.slice(1201)]), 1202],
    ['a long row', bars([...lines.slice(0, 700), `${lines[700]},9`, ...lines.slice(701)]), 702],
    ['a short last row', bars([...lines.slice(0, 50), '2024-01-01T00:50:00.000Z,1,2']), 52],
    ['a short last row with epoch seconds', bars([...lines.slice(0, 50), '1704070200,1,2']), 52],
    ['a short quoted row', bars([...lines.slice(0, 5), '"2024-01-01T00:05:00.000Z","1","2"', ...lines.slice(6)]), 7],
    ['a row of one value', bars([...lines.slice(0, 2500), '30000', ...lines.slice(2501)]), 2502],
    ['a stray quote inside a field', bars([...lines.slice(0, 99), lines[99]!.replace(/,(\d)/, ',$1"'), ...lines.slice(100)]), 101],
    // csv-parse takes CRLF as the record end, so the three LF lines are one record that ends on line 4
    ['CRLF after the header, then bare LF', `${HEADER}\r\n${lines.slice(0, 3).join('\n')}\n`, 4],
  ]
  test.each(cases)('%s is a DataError at its line', async (_, text, line) => {
    const e = await dataError(readNumericCsv(file(text), 'bars', new ProblemSink()))
    expect(e.line).toBe(line)
    expect(e.message).toMatch(/cannot be read as CSV/)
  })

  test('a long row whose last column is ignored is still caught', async () => {
    const text = 'ts,vol,note\n2024-01-01T00:00:00Z,0.5,a\n2024-01-02T00:00:00Z,0.6,b,c\n2024-01-03T00:00:00Z,0.7,d\n'
    expect((await dataError(readNumericCsv(file(text), 'vol', new ProblemSink()))).line).toBe(3)
  })
})
