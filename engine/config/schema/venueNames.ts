import { createRequire } from 'node:module'

/** Venues optvault runs itself; any other venue must be a ccxt exchange id. */
export const BUILT_IN_VENUES = ['sim', 'paper', 'deribit', 'uniswap'] as const

let ccxtIds: readonly string[] | undefined

/** Every ccxt exchange id. ccxt takes a third of a second to load, so it loads on the first venue that is
 * not built in, not whenever a config is read. */
export function ccxtExchangeIds(): readonly string[] {
  ccxtIds ??= (createRequire(import.meta.url)('ccxt') as { exchanges: string[] }).exchanges
  return ccxtIds
}
