import { expect, test } from 'vitest'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CsvAppender } from '../../../data/fetch/csvAppender.ts'
import { InputError } from '../../../engine/errors/input.ts'

const H = ['ts', 'vol'] as const
const dir = () => mkdtempSync(join(tmpdir(), 'ov-append-'))

test('a new file gets the header; later flushes append; nothing queued writes nothing', () => {
  const d = dir()
  const p = join(d, 'v.csv')
  const a = CsvAppender.open(p, H)
  expect(a.lastTsMs).toBeUndefined()
  a.flush()
  expect(readdirSync(d)).toEqual([])
  a.add(['2024-01-01T00:00:00.000Z', '0.5'])
  a.flush()
  a.add(['2024-01-02T00:00:00.000Z', '0.6'])
  a.flush()
  expect(readFileSync(p, 'utf8')).toBe('ts,vol\n2024-01-01T00:00:00.000Z,0.5\n2024-01-02T00:00:00.000Z,0.6\n')
  expect(a.rowsWritten).toBe(2)
  expect(readdirSync(d)).toEqual(['v.csv'])
  expect(CsvAppender.open(p, H).lastTsMs).toBe(Date.UTC(2024, 0, 2))
})

test('createEmpty leaves a header-only file, which reopens as empty', () => {
  const p = join(dir(), 'e.csv')
  CsvAppender.open(p, H).flush({ createEmpty: true })
  expect(readFileSync(p, 'utf8')).toBe('ts,vol\n')
  expect(CsvAppender.open(p, H).lastTsMs).toBeUndefined()
})

test('reads the last ts in any form the timestamp rule allows, and mends a missing final newline', () => {
  const p = join(dir(), 'x.csv')
  writeFileSync(p, 'ts,vol\n1704067200,0.5\n\n')
  expect(CsvAppender.open(p, H).lastTsMs).toBe(Date.UTC(2024, 0, 1)) // epoch seconds (< 1e11)
  writeFileSync(p, 'ts,vol\n2024-01-01 06:00:00,0.5')
  const a = CsvAppender.open(p, H)
  expect(a.lastTsMs).toBe(Date.UTC(2024, 0, 1, 6)) // no zone: UTC
  a.add(['2024-01-01T07:00:00.000Z', '0.7'])
  a.flush()
  expect(readFileSync(p, 'utf8')).toBe('ts,vol\n2024-01-01 06:00:00,0.5\n2024-01-01T07:00:00.000Z,0.7\n')
})

test('finds the last row of a file larger than the peek window', () => {
  const p = join(dir(), 'big.csv')
  let s = 'ts,vol\n'
  for (let i = 0; i < 10_000; i++) s += `${new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()},0.5\n`
  writeFileSync(p, s)
  const a = CsvAppender.open(p, H)
  expect(a.lastTsMs).toBe(Date.UTC(2024, 0, 1) + 9_999 * 60_000)
  a.add(['2024-02-01T00:00:00.000Z', '0.9'])
  a.flush()
  expect(readFileSync(p, 'utf8')).toBe(`${s}2024-02-01T00:00:00.000Z,0.9\n`)
})

test('a foreign header or an unreadable last ts is an input error with file:line', () => {
  const p = join(dir(), 'bad.csv')
  writeFileSync(p, 'time,value\n2024-01-01,1\n')
  expect(() => CsvAppender.open(p, H)).toThrow(InputError)
  expect(() => CsvAppender.open(p, H)).toThrow(/header is "time,value", expected "ts,vol"\.\nWhere: .*bad\.csv:1/)
  writeFileSync(p, 'ts,vol\n2024-01-01T00:00:00Z,1\nnot-a-date,2\n')
  expect(() => CsvAppender.open(p, H)).toThrow(/ts is not a time, got "not-a-date"\.\nWhere: .*bad\.csv:3/)
})
