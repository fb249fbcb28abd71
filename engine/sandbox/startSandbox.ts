import { DEFAULT_LISTING } from '../runtime/modelChain.ts'
import { nearestListedExpiryMs } from '../domain/settlement/nearestListedExpiry.ts'
import { addDeribitAccount, type DeribitAccount } from './deribit/deribitAccount.ts'
import { startDeribitEmulator, type DeribitEmulator } from './deribit/startDeribitEmulator.ts'
import type { ArbitrageStep } from './chain/poolArbitrageur.ts'

/** The sandbox's fixed ports, so config/sandbox.yaml can name them. */
export const SANDBOX_DERIBIT_PORT = 18_547
export const SANDBOX_CHAIN_PORT = 18_545
/** The emulator's API key and secret. They guard nothing (127.0.0.1, play money); they exist so ccxt signs every
 * private call and the emulator checks the signature, exactly as against Deribit. */
export const SANDBOX_KEYS = { apiKey: 'sandbox-key', secret: 'sandbox-secret' } as const

export interface SandboxOptions {
  readonly deribitPort?: number
  readonly chainPort?: number
  /** Start the local EVM with Uniswap v3 and the Chainlink-style feed too. Default true. */
  readonly chain?: boolean
  readonly seed?: number
  /** Coins on the emulator account. Default 10 BTC, 100 ETH. */
  readonly balances?: Readonly<Record<string, number>>
  readonly nowMs?: () => number
  /** Currencies the emulator lists. Default BTC and ETH. */
  readonly currencies?: readonly string[]
  /** The emulator's API key and secret. Default SANDBOX_KEYS. */
  readonly keys?: { readonly apiKey: string; readonly secret: string }
  /** How often the sandbox posts the emulator's BTC index to the Chainlink-style feed, ms. Default 30 s. */
  readonly feedEveryMs?: number
  /** The pool keeper: after each feed post, the sandbox's arbitrageur trades the WBTC/USDC pool to the same index
   * price, as arbitrageurs keep a real pool at the market. Default true; a test that needs the pool to stay where
   * it put it turns it off. */
  readonly keeper?: boolean
}

/** What config/sandbox-onchain.yaml reads from the environment, by variable name. */
export type OnchainEnv = Readonly<Record<string, string>>

export interface Sandbox {
  readonly deribit: DeribitEmulator
  readonly account: DeribitAccount
  /** Present when the chain sandbox started. */
  readonly chain?: {
    readonly rpcUrl: string; readonly chainId: number; readonly addresses: Readonly<Record<string, string>>
    /** Publishes a round on the BTC/USD feed now. */
    setOraclePrice(priceUsd: number): Promise<void>
    /** Stops the sandbox's own feed posts: the feed keeps its latest round (set one with setOraclePrice) until
     * the sandbox stops. The keeper, if on, goes on trading the pool to the index. */
    stopFeed(): void
    /** stopFeed, then backdates the feed's latest round by `ageSec` (a feed that stopped updating). */
    staleFeed(ageSec: number): Promise<void>
    /** One arbitrage step now, in turn with the feed posts and the keeper: trades the pool to `priceUsd` (USD per
     * WBTC), or sends nothing when it is within 1 bp. Works with the keeper off too. */
    arbitrage(priceUsd: number): Promise<ArbitrageStep>
    stop(): Promise<void>
  }
  /** The environment config/sandbox-onchain.yaml needs to reach this sandbox (empty without the chain). */
  onchainEnv(): OnchainEnv
  /** One line per endpoint, for the CLI to print. */
  endpoints(): string[]
  stop(): Promise<void>
}

/** `optvault sandbox`: everything live trading talks to, on 127.0.0.1 only. The Deribit API v2 emulator lists
 * Deribit's whole calendar (3 dailies, 4 weeklies, 3 monthlies, 4 quarterlies, like the runtime's model chain) and
 * strikes from half to twice spot every 1000 (BTC) / 50 (ETH), so any option a strategy picks can be traded.
 * @example const sb = await startSandbox({ chain: false }); console.log(sb.endpoints().join('\n')); await sb.stop() */
export async function startSandbox(o: SandboxOptions = {}): Promise<Sandbox> {
  const deribit = await startDeribitEmulator({
    host: '127.0.0.1', port: o.deribitPort ?? SANDBOX_DERIBIT_PORT, seed: o.seed ?? 1,
    ...(o.nowMs === undefined ? {} : { nowMs: o.nowMs }),
    ...(o.currencies === undefined ? {} : { currencies: o.currencies }),
    expiries: (t) => {
      const set = new Set<number>()
      for (const cycle of ['daily', 'weekly', 'monthly', 'quarterly'] as const) {
        let from = t
        for (let k = 0; k < DEFAULT_LISTING[cycle]; k++) {
          const e = nearestListedExpiryMs({ nowMs: from + 1, minDays: 0, cycle, hourUtc: 8 })
          set.add(e)
          from = e
        }
      }
      return [...set].filter((e) => e > t).sort((a, b) => a - b)
    },
    strikes: (_c, atm, step) => {
      const out: number[] = []
      for (let k = Math.max(step, Math.ceil(atm * 0.5 / step) * step); k <= atm * 2; k += step) out.push(k)
      return out
    },
  })
  const account = addDeribitAccount(deribit, { ...(o.keys ?? SANDBOX_KEYS), balances: o.balances ?? { BTC: 10, ETH: 100 } })
  let chain: Sandbox['chain']
  let onchainEnv: OnchainEnv = {}
  let arbitrageur = ''
  if (o.chain !== false) {
    // the chain sandbox is its own module (hardhat is heavy): load it only when asked for
    const { startChainSandbox } = await import('./chain/startChainSandbox.ts')
    const t0 = (o.nowMs ?? Date.now)()
    // the pool and the feed start at the emulator's index, so the oracle guard's sources agree from the start
    const c = await startChainSandbox({ host: '127.0.0.1', port: o.chainPort ?? SANDBOX_CHAIN_PORT, btcPriceUsd: Math.round(deribit.market.indexPrice('BTC', t0)) })
    arbitrageur = c.arbitrageur.address
    const { Contract, JsonRpcProvider, Wallet } = await import('ethers')
    const provider = new JsonRpcProvider(c.rpcUrl, c.chainId, { staticNetwork: true, cacheTimeout: -1 })
    const feed = new Contract(c.addresses.btcUsdFeed, c.abis.feed, new Wallet(c.accounts[0]!.privateKey, provider))
    // The sandbox is the feed's only reporter: it posts the emulator's index like a Chainlink node would, so the
    // feed stays fresh while the sandbox runs. Then the keeper trades the pool to the same price, so the pool, the
    // feed and the index agree as on a real market: without it the index drifts away from the pool (up to ~0.4% a
    // day) and hedge swaps leave the pool where they pushed it, until the live oracle guard trips. Everything that
    // signs goes through one queue; a failed post or trade is dropped and retried at the next tick.
    let posting: Promise<void> = Promise.resolve()
    const inTurn = <T>(f: () => Promise<T>): Promise<T> => {
      const r = posting.then(f)
      posting = r.then(() => undefined, () => undefined)
      return r
    }
    const keeper = o.keeper ?? true
    let feedOn = true
    let ticking = false
    const tick = () => {
      // a tick still running (a slow chain, a short feedEveryMs) makes the next one a no-op rather than a backlog
      if (ticking) return
      ticking = true
      const p = Math.round(deribit.market.indexPrice('BTC', (o.nowMs ?? Date.now)()))
      void inTurn(async () => {
        if (feedOn) await c.setOraclePrice(p).catch(() => undefined)
        if (keeper) await c.arbitrageTo(p).catch(() => undefined)
      }).finally(() => { ticking = false })
    }
    const timer = setInterval(tick, o.feedEveryMs ?? 30_000)
    timer.unref()
    chain = {
      rpcUrl: c.rpcUrl, chainId: c.chainId, addresses: { ...c.addresses },
      setOraclePrice: async (p) => { await inTurn(() => c.setOraclePrice(p)).catch(() => undefined) },
      arbitrage: (p) => inTurn(() => c.arbitrageTo(p)),
      stopFeed: () => { feedOn = false },
      staleFeed: async (ageSec) => {
        feedOn = false
        await inTurn(async () => {
          const [roundId, answer] = await feed.getFunction('latestRoundData')() as [bigint, bigint]
          const block = await provider.getBlock('latest')
          const at = BigInt((block?.timestamp ?? 0) - ageSec)
          const tx = await feed.getFunction('setRoundData')(roundId + 1n, answer, at, at, roundId + 1n) as { wait(): Promise<unknown> }
          await tx.wait()
        })
      },
      stop: async () => { clearInterval(timer); await posting; provider.destroy(); await c.stop() },
    }
    onchainEnv = {
      OPTVAULT_DERIBIT_URL: deribit.url,
      OPTVAULT_CHAIN_RPC: c.rpcUrl,
      // sandbox trader 1: its key comes from a public phrase, so it is only ever a sandbox key
      OPTVAULT_CHAIN_KEY: c.accounts[1]!.privateKey,
      OPTVAULT_CHAIN_ID: String(c.chainId),
      OPTVAULT_CHAIN_ROUTER: c.addresses.router,
      OPTVAULT_CHAIN_QUOTER: c.addresses.quoterV2,
      OPTVAULT_CHAIN_POOL: c.addresses.pool,
      OPTVAULT_CHAIN_WBTC: c.addresses.wbtc,
      OPTVAULT_CHAIN_USDC: c.addresses.usdc,
      OPTVAULT_CHAIN_FEED: c.addresses.btcUsdFeed,
    }
  }
  return {
    deribit, account, ...(chain === undefined ? {} : { chain }),
    endpoints: () => [
      `deribit  ${deribit.url}/api/v2  (API v2 over HTTP; key ${o.keys === undefined ? SANDBOX_KEYS.apiKey : '[yours]'}, secret ${o.keys === undefined ? SANDBOX_KEYS.secret : '[yours]'})`,
      ...(chain === undefined ? [] : [
        `chain    ${chain.rpcUrl}  (chain id ${chain.chainId})`,
        `keeper   every ${(o.feedEveryMs ?? 30_000) / 1000} s: posts the BTC index to btcUsdFeed${o.keeper === false ? '' : `, then arbitrageur ${arbitrageur} trades the pool to it`}`,
        ...Object.entries(chain.addresses).map(([k, v]) => `         ${k.padEnd(16)} ${v}`),
        'config/sandbox-onchain.yaml reads (its defaults are these values on the default ports):',
        ...Object.entries(onchainEnv).map(([k, v]) => `  export ${k}=${v}`),
      ]),
    ],
    onchainEnv: () => onchainEnv,
    stop: async () => { await deribit.close(); await chain?.stop() },
  }
}
