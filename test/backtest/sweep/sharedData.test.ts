import { expect, test } from 'vitest'
import { shareData, sharedDataFromBuffer, sharedDataToBuffer } from '../../../backtest/sweep/sharedData.ts'

const cols = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i))
const bars = (n: number, shift = 0) => ({ length: n, tMs: cols(n, (i) => i * 3_600_000), open: cols(n, (i) => 100 + i + shift), high: cols(n, (i) => 101 + i), low: cols(n, (i) => 99 + i), close: cols(n, (i) => 100.5 + i), volume: cols(n, () => 1) })

test('columns live in SharedArrayBuffers trimmed to length', () => {
  const b = bars(10)
  const d = shareData({ barMs: 3_600_000, bars: { ...b, length: 7 } })
  expect(d.bars.close.buffer).toBeInstanceOf(SharedArrayBuffer)
  expect(d.bars.close.length).toBe(7)
  expect(Array.from(d.bars.close)).toEqual(Array.from(b.close.subarray(0, 7)))
})

test('the data id changes with any value and with barMs, and not with copying', () => {
  const a = shareData({ barMs: 3_600_000, bars: bars(50) })
  expect(shareData({ barMs: 3_600_000, bars: bars(50) }).id).toBe(a.id)
  expect(shareData({ barMs: 3_600_000, bars: bars(50, 1e-9) }).id).not.toBe(a.id)
  expect(shareData({ barMs: 60_000, bars: bars(50) }).id).not.toBe(a.id)
})

test('a Buffer round trip (what remote workers read from Redis) keeps every column and the id', () => {
  const vol = { length: 3, tMs: cols(3, (i) => i * 86_400_000), vol: cols(3, (i) => 0.5 + i / 100) }
  const d = shareData({ barMs: 3_600_000, bars: bars(33), vol })
  const back = sharedDataFromBuffer(sharedDataToBuffer(d))
  expect(back.id).toBe(d.id)
  expect(back.barMs).toBe(d.barMs)
  expect(back.bars.length).toBe(33)
  expect(Array.from(back.bars.open)).toEqual(Array.from(d.bars.open))
  expect(Array.from(back.vol!.vol)).toEqual([0.5, 0.51, 0.52])
  expect(back.bars.open.buffer).toBeInstanceOf(SharedArrayBuffer)
  expect(back.funding).toBeUndefined()
})

test('a column already over a SharedArrayBuffer of exactly its length is kept, not copied; any other is copied', () => {
  const b = bars(10)
  const sab = (a: Float64Array) => { const s = new Float64Array(new SharedArrayBuffer(a.byteLength)); s.set(a); return s }
  const close = sab(b.close)
  const longer = new Float64Array(new SharedArrayBuffer(12 * 8)) // a shared buffer with room past the length
  longer.set(b.open)
  const d = shareData({ barMs: 3_600_000, bars: { ...b, close, open: longer.subarray(0, 10) } })
  expect(d.bars.close).toBe(close)
  expect(d.bars.open).not.toBe(longer)
  expect(d.bars.open.buffer.byteLength).toBe(10 * 8)
  expect(d.bars.high.buffer).toBeInstanceOf(SharedArrayBuffer) // the plain ones are copied in, as before
  expect(d.id).toBe(shareData({ barMs: 3_600_000, bars: b }).id)
})
