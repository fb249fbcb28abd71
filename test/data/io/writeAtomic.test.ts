import { expect, test } from 'vitest'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeFileAtomic } from '../../../data/io/writeAtomic.ts'

test('replaces the whole file and leaves no temporary file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ov-atomic-'))
  const path = join(dir, 'a.csv')
  writeFileSync(path, 'old')
  writeFileAtomic(path, 'new contents')
  expect(readFileSync(path, 'utf8')).toBe('new contents')
  expect(readdirSync(dir)).toEqual(['a.csv'])
})

test('a failed write keeps the old file and leaves nothing behind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ov-atomic-'))
  const path = join(dir, 'a.csv')
  writeFileSync(path, 'old')
  // a path whose parent is a file cannot be created: the write fails before any rename
  expect(() => writeFileAtomic(join(path, 'child.csv'), 'x')).toThrow()
  expect(readFileSync(path, 'utf8')).toBe('old')
  expect(readdirSync(dir)).toEqual(['a.csv'])
})

test('a list of chunks is written in order, views into larger buffers included, as one file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ov-atomic-'))
  const path = join(dir, 'entry.bin')
  const big = new Float64Array([1.5, -2.25, Math.PI, 1e300])
  const chunks = [Buffer.from('HEAD'), new Uint8Array(big.buffer, 8, 16), new Uint8Array(0), Uint8Array.of(7, 8, 9)]
  writeFileAtomic(path, chunks)
  expect(readFileSync(path)).toEqual(Buffer.concat(chunks))
  expect(readFileSync(path).length).toBe(4 + 16 + 3)
  expect(readdirSync(dir)).toEqual(['entry.bin'])
})
