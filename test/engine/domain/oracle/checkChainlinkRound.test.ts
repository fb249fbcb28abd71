import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { checkChainlinkRound } from '../../../../engine/domain/oracle/checkChainlinkRound.ts'
import type { ChainlinkRound } from '../../../../engine/domain/oracle/checkChainlinkRound.ts'
import { OracleBoundsError, StaleOracleError } from '../../../../engine/domain/oracle/oracleErrors.ts'

const T = 1_700_000_000n
const round = (o: Partial<ChainlinkRound> = {}): ChainlinkRound =>
  ({ roundId: 5n, answer: 6_000_000_000_000n, startedAtSec: T, updatedAtSec: T, answeredInRound: 5n, decimals: 8, ...o })
const policy = { source: 'chainlink BTC/USD', maxAgeSec: 3600, minPrice: 1000, maxPrice: 1_000_000 }
const nowMs = Number(T) * 1000

describe('checkChainlinkRound', () => {
  test('a fresh round in bounds gives its answer and update time in ms', () => {
    expect(checkChainlinkRound(round(), policy, nowMs + 600_000)).toEqual({
      answer: 6_000_000_000_000n, decimals: 8, source: 'chainlink BTC/USD', updatedAtMs: nowMs,
    })
  })

  test('age exactly at maxAgeSec passes, one second more is stale', () => {
    expect(() => checkChainlinkRound(round(), policy, nowMs + 3_600_000)).not.toThrow()
    expect(() => checkChainlinkRound(round(), policy, nowMs + 3_601_000)).toThrow(StaleOracleError)
  })

  test('a round from the future (our clock behind the chain) counts as fresh', () => {
    expect(() => checkChainlinkRound(round(), policy, nowMs - 30_000)).not.toThrow()
  })

  test('incomplete (updatedAt 0) and carried-over (answeredInRound < roundId) rounds are stale', () => {
    expect(() => checkChainlinkRound(round({ updatedAtSec: 0n }), policy, nowMs)).toThrow(/not complete/)
    expect(() => checkChainlinkRound(round({ answeredInRound: 4n }), policy, nowMs)).toThrow(/carries the answer of round 4/)
  })

  test('bounds are inclusive; outside, zero or negative is OracleBoundsError', () => {
    expect(() => checkChainlinkRound(round({ answer: 100_000_000_000n }), policy, nowMs)).not.toThrow() // 1000
    for (const answer of [99_999_999_999n, 100_000_000_000_001n, 0n, -1n]) {
      expect(() => checkChainlinkRound(round({ answer }), policy, nowMs)).toThrow(OracleBoundsError)
    }
  })

  test('property: any age within maxAgeSec and any price within bounds passes; the answer is returned unchanged', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 3600 }), fc.bigInt({ min: 100_000_000_000n, max: 100_000_000_000_000n }), (age, answer) => {
      expect(checkChainlinkRound(round({ answer }), policy, nowMs + age * 1000).answer).toBe(answer)
    }))
  })
})
