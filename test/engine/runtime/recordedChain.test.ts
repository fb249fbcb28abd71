import { describe, expect, test } from 'vitest'
import type { ChainColumns } from '../../../data/barColumns.ts'
import { RecordedChain } from '../../../engine/runtime/recordedChain.ts'
import { SimClock } from '../../../engine/runtime/simClock.ts'

const t1 = Date.UTC(2024, 0, 1, 8), t2 = Date.UTC(2024, 0, 1, 9)
const e = Date.UTC(2024, 0, 5, 8)
// two snapshots; the second moves the 45000 call's quotes and IV
function chain(): ChainColumns {
  const r = [
    [t1, 'BTC-5JAN24-40000-C', 40_000, 1, 0.06, 0.062, 0.061, 0.50, 42_000],
    [t1, 'BTC-5JAN24-45000-C', 45_000, 1, 0.010, 0.011, 0.0105, 0.55, 42_000],
    [t1, 'BTC-5JAN24-40000-P', 40_000, 0, 0.012, 0.013, 0.0125, 0.52, 42_000],
    [t2, 'BTC-5JAN24-40000-C', 40_000, 1, 0.07, 0.072, 0.071, 0.50, 43_000],
    [t2, 'BTC-5JAN24-45000-C', 45_000, 1, 0.020, 0.021, 0.0205, 0.60, 43_000],
  ] as const
  const col = (k: number) => Float64Array.from(r.map((x) => x[k] as number))
  return {
    length: r.length, tMs: col(0), instrument: r.map((x) => x[1]), expiryMs: new Float64Array(r.length).fill(e), strike: col(2),
    isCall: Uint8Array.from(r.map((x) => x[3])), bid: col(4), ask: col(5), mark: col(6), bidIv: col(7), askIv: col(7), markIv: col(7),
    underlyingPrice: col(8), openInterest: new Float64Array(r.length),
  }
}

describe('RecordedChain', () => {
  test('as of now: the last snapshot at or before now, never a later one', () => {
    const clock = new SimClock()
    const c = new RecordedChain(clock, chain(), { underlying: 'BTC', quote: 'USD', coinQuoted: true })
    clock.set(t1 + 30 * 60_000, 42_000)
    const call = c.nearestByStrike({ kind: 'call', strike: 46_000, expiryMs: e })
    expect(call.id).toBe('BTC-5JAN24-45000-C')
    expect(c.quote(call.id).bid).toBeCloseTo(0.010 * 42_000, 9) // coin quote times the snapshot's underlying
    expect(c.markIv(45_000, e)).toBe(0.55)
    expect(c.markIv(42_500, e)).toBeCloseTo(0.525, 12) // linear in strike between 40000 and 45000
    const put = c.nearestByStrike({ kind: 'put', strike: 40_000, expiryMs: e })
    clock.set(t2, 43_000)
    expect(c.quote(call.id).bid).toBeCloseTo(0.020 * 43_000, 9)
    expect(c.markIv(45_000, e)).toBe(0.6)
    expect(c.strikes(e)).toEqual([40_000, 45_000])
    expect(() => c.quote(put.id)).toThrow(/no quote/) // listed at t1, gone at t2
  })
  test('before the first snapshot there is no chain: an error, not a peek ahead', () => {
    const clock = new SimClock()
    const c = new RecordedChain(clock, chain(), { underlying: 'BTC', quote: 'USD', coinQuoted: true })
    clock.set(t1 - 1, 42_000)
    expect(() => c.expiries()).toThrow(/No chain snapshot at or before/)
  })
  test('nearestByDelta uses each option\'s recorded mark IV', () => {
    const clock = new SimClock()
    const c = new RecordedChain(clock, chain(), { underlying: 'BTC', quote: 'USD', coinQuoted: true })
    clock.set(t1, 42_000)
    expect(c.nearestByDelta({ kind: 'call', delta: 0.9, expiryMs: e }).strike).toBe(40_000)
    expect(c.nearestByDelta({ kind: 'call', delta: 0.1, expiryMs: e }).strike).toBe(45_000)
    expect(c.expiries()).toEqual([e])
  })
})
