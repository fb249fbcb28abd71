import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect, test } from 'vitest'
import { loadSharedData, shareData, sharedDataFromBuffer, sharedDataToBuffer } from '../../../backtest/sweep/sharedData.ts'
import { columnDigest } from '../../../data/columnDigest.ts'
import { loadSeries } from '../../../data/read/loadSeries.ts'
import { MIN_CACHED_FILE_BYTES } from '../../../data/read/seriesCache.ts'
import type { OptvaultConfig } from '../../../engine/config/loadConfig.ts'

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

test('known column digests (a series cache hit\'s) give the id hashing the bytes gives; one is used only for a column of exactly the series\' length', () => {
  const b = bars(40)
  const vol = { length: 40, tMs: cols(40, (i) => i * 3_600_000), vol: cols(40, (i) => 0.5 + i / 1000) }
  const hashed = shareData({ barMs: 3_600_000, bars: b, vol })
  const digestsOf = (c: Record<string, unknown>) => Object.fromEntries(Object.entries(c).filter((e): e is [string, Float64Array] => e[1] instanceof Float64Array).map(([k, v]) => [k, columnDigest(v)]))
  expect(shareData({ barMs: 3_600_000, bars: b, vol }, { bars: digestsOf(b), vol: digestsOf(vol) }).id).toBe(hashed.id)
  // a digest given is used, not checked: a wrong one makes another id
  expect(shareData({ barMs: 3_600_000, bars: b, vol }, { bars: { ...digestsOf(b), close: columnDigest(b.open) } }).id).not.toBe(hashed.id)
  // bars trimmed to 30: the digests of the 40-value columns do not cover what the runs see, so they are not used
  const trimmed = shareData({ barMs: 3_600_000, bars: { ...b, length: 30 } })
  expect(shareData({ barMs: 3_600_000, bars: { ...b, length: 30 } }, { bars: { ...digestsOf(b), close: 'not used' } }).id).toBe(trimmed.id)
})

test('loadSharedData: the data id from the series cache (no bytes hashed) is the id a parse gives', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ov-shared-id-'))
  const saved = process.env.OPTVAULT_CACHE_DIR
  process.env.OPTVAULT_CACHE_DIR = join(dir, 'cache')
  try {
    // over 1 MiB each, so the cache keeps them
    const n = 20_000
    const rows = Array.from({ length: n }, (_, i) => { const p = 30_000 + 500 * Math.sin(i / 50); return `${new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()},${p},${p + 7.25},${p - 6.5},${p + 1.125},${1 + (i % 7) / 8}` })
    writeFileSync(join(dir, 'bars.csv'), `ts,open,high,low,close,volume\n${rows.join('\n')}\n`)
    writeFileSync(join(dir, 'vol.csv'), `ts,vol\n${Array.from({ length: 40_000 }, (_, i) => `${new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()},${(0.5 + (i % 1000) / 1e5).toFixed(6)}`).join('\n')}\n`)
    for (const f of ['bars.csv', 'vol.csv']) expect(statSync(join(dir, f)).size).toBeGreaterThan(MIN_CACHED_FILE_BYTES)
    await sleep(2100) // the cache stores no file changed in the last 2 s
    const data = { bars: join(dir, 'bars.csv'), vol: join(dir, 'vol.csv'), barSize: '1m', gapPolicy: 'error' } as unknown as NonNullable<OptvaultConfig['data']>
    const config = { data } as OptvaultConfig
    const parsed = await loadSharedData(config, 'sweep.yaml') // parses both files and stores them
    const hit = await loadSharedData(config, 'sweep.yaml')
    expect((await loadSeries(data.bars, { kind: 'bars', gaps: 'error' })).digests).toBeDefined() // it was a hit
    process.env.OPTVAULT_CACHE = 'off'
    const uncached = await loadSharedData(config, 'sweep.yaml')
    delete process.env.OPTVAULT_CACHE
    expect(hit.id).toBe(parsed.id)
    expect(uncached.id).toBe(parsed.id)
    expect(parsed.vol?.length).toBe(40_000)
  } finally {
    if (saved === undefined) delete process.env.OPTVAULT_CACHE_DIR; else process.env.OPTVAULT_CACHE_DIR = saved
    rmSync(dir, { recursive: true, force: true })
  }
}, 30_000)
