import { Contract } from 'ethers'
import type { Provider } from 'ethers'
import { checkChainlinkRound } from '../../domain/oracle/checkChainlinkRound.ts'
import type { ChainlinkPolicy } from '../../domain/oracle/checkChainlinkRound.ts'
import type { OraclePrice } from '../../domain/oracle/oraclePrice.ts'

const FEED_ABI = [
  'function decimals() view returns (uint8)',
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
]

/** A Chainlink AggregatorV3Interface feed and what we accept from it. */
export interface ChainlinkFeed {
  readonly provider: Provider
  readonly address: string
  readonly policy: ChainlinkPolicy
}

const decimalsCache = new WeakMap<Provider, Map<string, number>>()

/** Reads `latestRoundData()` and checks it (complete, answered in its own round, fresh against `nowMs`, within
 * bounds): StaleOracleError or OracleBoundsError otherwise. Decimals are read once per feed and cached: they never
 * change for a deployed aggregator.
 * @example const p = await readChainlink({ provider, address: feed, policy: { source: 'chainlink BTC/USD', maxAgeSec: 3600, minPrice: 1000, maxPrice: 1e7 } }) */
export async function readChainlink(feed: ChainlinkFeed, nowMs: number = Date.now()): Promise<OraclePrice> {
  const k = new Contract(feed.address, FEED_ABI, feed.provider)
  let byFeed = decimalsCache.get(feed.provider)
  if (!byFeed) decimalsCache.set(feed.provider, byFeed = new Map())
  let decimals = byFeed.get(feed.address)
  if (decimals === undefined) {
    decimals = Number(await k.getFunction('decimals')() as bigint)
    byFeed.set(feed.address, decimals)
  }
  const r = await k.getFunction('latestRoundData')() as [bigint, bigint, bigint, bigint, bigint]
  return checkChainlinkRound({
    roundId: r[0], answer: r[1], startedAtSec: r[2], updatedAtSec: r[3], answeredInRound: r[4], decimals,
  }, feed.policy, nowMs)
}
