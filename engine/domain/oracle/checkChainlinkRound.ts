import type { UnixMs } from '../units.ts'
import { OracleBoundsError, StaleOracleError } from './oracleErrors.ts'
import type { OraclePrice } from './oraclePrice.ts'

/** `latestRoundData()` of a Chainlink AggregatorV3Interface, as returned (seconds, not ms), plus the feed's decimals.
 * @example const r: ChainlinkRound = { roundId: 5n, answer: 6_000_000_000_000n, startedAtSec: 1_700_000_000n, updatedAtSec: 1_700_000_000n, answeredInRound: 5n, decimals: 8 } */
export interface ChainlinkRound {
  readonly roundId: bigint
  readonly answer: bigint
  readonly startedAtSec: bigint
  readonly updatedAtSec: bigint
  readonly answeredInRound: bigint
  readonly decimals: number
}

/** What we accept from a feed. Prices in the feed's quote currency per unit (not scaled).
 * @example const p: ChainlinkPolicy = { source: 'chainlink BTC/USD', maxAgeSec: 3600, minPrice: 1000, maxPrice: 10_000_000 } */
export interface ChainlinkPolicy {
  readonly source: string
  /** The feed's heartbeat plus some grace: a round older than this is stale. Mainnet BTC/USD: 3600 s. */
  readonly maxAgeSec: number
  readonly minPrice: number
  readonly maxPrice: number
}

/** Checks one Chainlink round the way a lending protocol would before trusting it: the round completed
 * (`updatedAt` > 0), was answered in itself (`answeredInRound >= roundId`, else the answer is carried over from an
 * older round), is younger than `maxAgeSec` at `nowMs`, and lies within [minPrice, maxPrice] and above zero.
 * Returns the price; throws StaleOracleError or OracleBoundsError. A round stamped in the future (clock skew between
 * us and the chain) counts as age 0.
 * @example
 * checkChainlinkRound({ roundId: 5n, answer: 6_000_000_000_000n, startedAtSec: 1_700_000_000n,
 *   updatedAtSec: 1_700_000_000n, answeredInRound: 5n, decimals: 8 },
 *   { source: 'chainlink BTC/USD', maxAgeSec: 3600, minPrice: 1000, maxPrice: 1e6 }, 1_700_000_600_000)
 * // { answer: 6_000_000_000_000n, decimals: 8, source: 'chainlink BTC/USD', updatedAtMs: 1_700_000_000_000 } */
export function checkChainlinkRound(round: ChainlinkRound, policy: ChainlinkPolicy, nowMs: UnixMs): OraclePrice {
  const { source } = policy
  if (round.updatedAtSec === 0n) throw new StaleOracleError(source, `round ${round.roundId} is not complete (updatedAt = 0)`)
  if (round.answeredInRound < round.roundId) {
    throw new StaleOracleError(source, `round ${round.roundId} carries the answer of round ${round.answeredInRound}`)
  }
  const updatedAtMs = Number(round.updatedAtSec) * 1000
  const ageSec = Math.max(0, (nowMs - updatedAtMs) / 1000)
  if (ageSec > policy.maxAgeSec) {
    throw new StaleOracleError(source, `updated ${Math.round(ageSec)} s ago, more than the ${policy.maxAgeSec} s allowed`)
  }
  const scale = 10 ** round.decimals
  const price = Number(round.answer) / scale
  if (round.answer <= 0n || price < policy.minPrice || price > policy.maxPrice) {
    throw new OracleBoundsError(source, price, policy.minPrice, policy.maxPrice)
  }
  return { answer: round.answer, decimals: round.decimals, source, updatedAtMs }
}
