import { describe, expect, test } from 'vitest'
import { fnv1a64Hex, orderClientId } from '../../../engine/runtime/clientId.ts'

describe('fnv1a64Hex', () => {
  test('matches the FNV-1a 64-bit test vectors', () => {
    // Reference: Fowler/Noll/Vo test suite (isthe.com/chongo/src/fnv/test_fnv.c): FNV1a_64("") and ("a"), ("foobar")
    expect(fnv1a64Hex('')).toBe('cbf29ce484222325')
    expect(fnv1a64Hex('a')).toBe('af63dc4c8601ec8c')
    expect(fnv1a64Hex('foobar')).toBe('85944171f73967e8')
  })
})

describe('orderClientId', () => {
  const base = { runId: 'run-1', epoch: 3, barIndex: 120, hook: 'onBar', seq: 0 }
  test('the same parts give the same id, so a replay never places a second order', () => {
    expect(orderClientId(base)).toBe(orderClientId({ ...base }))
    expect(orderClientId(base)).toMatch(/^ov-[0-9a-f]{16}$/)
  })
  test('each part changes the id', () => {
    const ids = new Set([
      orderClientId(base), orderClientId({ ...base, runId: 'run-2' }), orderClientId({ ...base, epoch: 4 }),
      orderClientId({ ...base, barIndex: 121 }), orderClientId({ ...base, hook: 'onEpochStart' }), orderClientId({ ...base, seq: 1 }),
    ])
    expect(ids.size).toBe(6)
  })
})
