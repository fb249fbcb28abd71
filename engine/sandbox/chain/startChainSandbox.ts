import { createRequire } from 'node:module'
import { Contract, ContractFactory, JsonRpcProvider, keccak256, parseUnits, toUtf8Bytes, Wallet, ZeroAddress } from 'ethers'
import type { InterfaceAbi } from 'ethers'
import { encodeSqrtRatioX96, nearestUsableTick, TICK_SPACINGS, TickMath } from '../../domain/uniswapSdk.ts'
import { OptvaultError } from '../../errors/base.ts'
import { compileSandboxContracts } from './compileSandboxContracts.ts'
import type { CompiledContract } from './compileSandboxContracts.ts'
import { poolArbitrageur } from './poolArbitrageur.ts'
import type { ArbitrageStep } from './poolArbitrageur.ts'
import { uniswapArtifacts } from './uniswapArtifacts.ts'

const require = createRequire(import.meta.url)

/** An ERC20 as the adapters see it: where it lives and how many decimals its base unit has. */
export interface SandboxToken { readonly address: string; readonly symbol: string; readonly decimals: number }

/** A funded account of the sandbox. The keys are derived from a public phrase: never send real funds to them. */
export interface SandboxAccount { readonly address: string; readonly privateKey: string }

export interface ChainSandboxOptions {
  /** Always a loopback address; anything else is refused. Default 127.0.0.1. */
  readonly host?: string
  /** 0 picks a free port. */
  readonly port?: number
  readonly chainId?: number
  /** Start price of BTC in USD: the pool's WBTC/USDC price and the Chainlink feed's answer. Default 60000. */
  readonly btcPriceUsd?: number
  /** Accounts besides the deployer (account 0, the liquidity provider). Each gets ETH, 10 WBTC and 1M USDC. */
  readonly traders?: number
  /** Liquidity put in the WBTC/USDC 0.3% pool, within `rangePct` percent either side of the price. */
  readonly liquidity?: { readonly wbtc: string; readonly usdc: string; readonly rangePct: number }
  /** Base fee of the first block, in wei. Default 1 gwei. */
  readonly initialBaseFeeWei?: bigint
  /** Seconds of pool history before now: the chain starts this far in the past and jumps to the host clock once
   * everything is deployed, so TWAP windows up to this long can be read at once while chain time stays equal to
   * wall time (deadlines and staleness use the host clock). Default 7200. */
  readonly historySec?: number
  /** `arbitrageTo` sends nothing when the pool is already within this many bps of the target. Default 1. */
  readonly arbitrageBandBps?: number
}

/** Everything a client needs to reach the sandbox chain, plus the knobs tests and `optvault sandbox` turn. */
export interface ChainSandbox {
  readonly rpcUrl: string
  readonly chainId: number
  readonly addresses: {
    readonly factory: string; readonly router: string; readonly quoterV2: string; readonly positionManager: string
    readonly weth: string; readonly usdc: string; readonly wbtc: string
    /** The WBTC/USDC 0.3% pool. */
    readonly pool: string
    /** Chainlink-style BTC/USD feed, 8 decimals like mainnet's. */
    readonly btcUsdFeed: string
  }
  readonly tokens: { readonly usdc: SandboxToken; readonly wbtc: SandboxToken; readonly weth: SandboxToken }
  /** Fee tier of the pool in hundredths of a bip (3000 = 0.3%), as Uniswap counts it. */
  readonly poolFee: number
  /** accounts[0] deployed everything and provides the liquidity; the rest are traders. */
  readonly accounts: readonly SandboxAccount[]
  /** The arbitrageur's own account (ETH for gas; it mints itself WBTC and USDC as it needs them), apart from
   * `accounts` so its transactions never race the deployer's or a trader's nonces. */
  readonly arbitrageur: SandboxAccount
  readonly abis: {
    readonly erc20: InterfaceAbi; readonly feed: InterfaceAbi; readonly pool: InterfaceAbi; readonly router: InterfaceAbi
  }
  /** Publishes a new round on the BTC/USD feed at the current block time. */
  setOraclePrice(priceUsd: number | string): Promise<void>
  /** Trades the WBTC/USDC pool to `priceUsd` (USD per WBTC) with one swap through the SwapRouter, as an arbitrageur
   * would: nothing is sent when the pool is already within `arbitrageBandBps` of it. Steps run one at a time. */
  arbitrageTo(priceUsd: number): Promise<ArbitrageStep>
  /** Mines `blocks` empty blocks (default 1). */
  mine(blocks?: number): Promise<void>
  /** Moves chain time forward by `seconds` and mines a block there. */
  increaseTime(seconds: number): Promise<void>
  /** Off: transactions wait in the mempool until `mine()`, so tests can drop or replace them. */
  setAutomine(on: boolean): Promise<void>
  /** Raw JSON-RPC to the chain, for dev methods such as hardhat_dropTransaction. */
  request(method: string, params?: unknown[]): Promise<unknown>
  stop(): Promise<void>
}

interface Eip1193 { request(a: { method: string; params?: unknown[] }): Promise<unknown> }
interface RpcServer { listen(): Promise<{ address: string; port: number }>; close(): Promise<void> }

const POOL_FEE = 3000
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

/** Starts Hardhat's in-process EDR chain, serves it as JSON-RPC on 127.0.0.1, and deploys the real Uniswap v3
 * factory, SwapRouter, QuoterV2 and NonfungiblePositionManager from their npm artifacts, WETH, USDC (6 decimals),
 * WBTC (8 decimals), a funded WBTC/USDC 0.3% pool with `historySec` of TWAP history, and a fresh BTC/USD
 * Chainlink-style feed. `arbitrageTo` trades the pool to a price from a funded account of its own (poolArbitrageur.ts).
 * About 1.5 s once the sandbox contracts are compiled (cached in the temp folder).
 * @example
 * const chain = await startChainSandbox({ btcPriceUsd: 60_000 })
 * const provider = new JsonRpcProvider(chain.rpcUrl, chain.chainId, { staticNetwork: true })
 * await chain.setOraclePrice(61_000)
 * await chain.arbitrageTo(61_000) // the pool follows the feed
 * await chain.stop() */
export async function startChainSandbox(opts: ChainSandboxOptions = {}): Promise<ChainSandbox> {
  const host = opts.host ?? '127.0.0.1'
  if (!LOOPBACK.has(host)) {
    throw new OptvaultError(`the chain sandbox listens on loopback only, got host ${host}.`, { fix: 'use 127.0.0.1.' })
  }
  const chainId = opts.chainId ?? 31337
  const priceUsd = opts.btcPriceUsd ?? 60_000
  const traders = opts.traders ?? 3
  const accounts = Array.from({ length: traders + 1 }, (_, i) => {
    const privateKey = keccak256(toUtf8Bytes(`optvault sandbox account ${i}`))
    return { address: new Wallet(privateKey).address, privateKey }
  })
  const arbKey = keccak256(toUtf8Bytes('optvault sandbox arbitrageur'))
  const arbitrageur = { address: new Wallet(arbKey).address, privateKey: arbKey }

  const { createHardhatNetworkProvider } = require('hardhat/internal/hardhat-network/provider/provider') as {
    createHardhatNetworkProvider(c: unknown, l: unknown): Promise<Eip1193>
  }
  const { JsonRpcServer } = require('hardhat/internal/hardhat-network/jsonrpc/server') as {
    JsonRpcServer: new (c: { hostname: string; port: number; provider: Eip1193 }) => RpcServer
  }
  const { defaultHardhatNetworkParams } = require('hardhat/internal/core/config/default-config') as {
    defaultHardhatNetworkParams: { chains: unknown }
  }
  const chain = await createHardhatNetworkProvider({
    hardfork: 'cancun',
    chainId,
    networkId: chainId,
    blockGasLimit: 30_000_000,
    minGasPrice: 0n,
    automine: true,
    intervalMining: 0,
    mempoolOrder: 'priority',
    chains: defaultHardhatNetworkParams.chains,
    genesisAccounts: [...accounts, arbitrageur].map((a) => ({ privateKey: a.privateKey, balance: parseUnits('10000', 18).toString() })),
    allowUnlimitedContractSize: false,
    // Like a real chain: a reverting transaction is mined with status 0, not refused at eth_sendRawTransaction.
    throwOnTransactionFailures: false,
    throwOnCallFailures: true,
    allowBlocksWithSameTimestamp: false,
    initialBaseFeePerGas: Number(opts.initialBaseFeeWei ?? 1_000_000_000n),
    enableTransientStorage: false,
    enableRip7212: false,
    initialDate: new Date(Date.now() - (opts.historySec ?? 7200) * 1000),
  }, { enabled: false })
  const server = new JsonRpcServer({ hostname: host, port: opts.port ?? 0, provider: chain })
  const { port } = await server.listen()
  const rpcUrl = `http://${host === '::1' ? '[::1]' : host}:${port}`
  const provider = new JsonRpcProvider(rpcUrl, chainId, { staticNetwork: true, pollingInterval: 20, cacheTimeout: -1 })

  try {
    const deployer = new Wallet(accounts[0]!.privateKey, provider)
    let nonce = await provider.getTransactionCount(deployer.address, 'pending')
    // Nonces counted here rather than asked for per transaction: one round trip less for each of ~20 deployments.
    const deploy = async (c: CompiledContract, ...args: unknown[]): Promise<Contract> => {
      const f = new ContractFactory(c.abi as InterfaceAbi, c.bytecode, deployer)
      const k = await f.deploy(...args, { nonce: nonce++ })
      await k.waitForDeployment()
      return k as Contract
    }
    const send = async (k: Contract, fn: string, ...args: unknown[]): Promise<void> => {
      const tx = await (k.getFunction(fn) as (...a: unknown[]) => Promise<{ wait(): Promise<{ status: number | null } | null> }>)(...args, { nonce: nonce++ })
      const r = await tx.wait()
      if (r?.status !== 1) throw new OptvaultError(`sandbox setup: ${fn} reverted.`)
    }

    const own = compileSandboxContracts()
    const uni = uniswapArtifacts()
    const weth = await deploy(own.WETH9)
    const usdc = await deploy(own.TestToken, 'USD Coin', 'USDC', 6)
    const wbtc = await deploy(own.TestToken, 'Wrapped BTC', 'WBTC', 8)
    const factory = await deploy(uni.factory)
    const router = await deploy(uni.router, await factory.getAddress(), await weth.getAddress())
    const quoterV2 = await deploy(uni.quoterV2, await factory.getAddress(), await weth.getAddress())
    // The token descriptor only renders NFT metadata (tokenURI), which nothing here reads.
    const npm = await deploy(uni.positionManager, await factory.getAddress(), await weth.getAddress(), ZeroAddress)
    const feed = await deploy(own.MockAggregator, 8, 'BTC / USD', parseUnits(String(priceUsd), 8))

    const [usdcAddr, wbtcAddr, npmAddr] = [await usdc.getAddress(), await wbtc.getAddress(), await npm.getAddress()]
    const liq = opts.liquidity ?? { wbtc: '100', usdc: String(100 * priceUsd), rangePct: 20 }
    const lpWbtc = parseUnits(liq.wbtc, 8)
    const lpUsdc = parseUnits(liq.usdc, 6)
    await send(wbtc, 'mint', deployer.address, lpWbtc)
    await send(usdc, 'mint', deployer.address, lpUsdc)
    for (const t of accounts.slice(1)) {
      await send(wbtc, 'mint', t.address, parseUnits('10', 8))
      await send(usdc, 'mint', t.address, parseUnits('1000000', 6))
    }
    await send(wbtc, 'approve', npmAddr, lpWbtc)
    await send(usdc, 'approve', npmAddr, lpUsdc)

    // Uniswap orders a pool's tokens by address; the price is token1 per token0 in base units.
    const wbtcIs0 = BigInt(wbtcAddr) < BigInt(usdcAddr)
    const oneBtc = 10n ** 8n
    const usdcPerBtc = parseUnits(String(priceUsd), 6)
    const sqrtRatio = wbtcIs0 ? encodeSqrtRatioX96(usdcPerBtc.toString(), oneBtc.toString())
      : encodeSqrtRatioX96(oneBtc.toString(), usdcPerBtc.toString())
    const sqrtPriceX96 = BigInt(sqrtRatio.toString())
    const [token0, token1] = wbtcIs0 ? [wbtcAddr, usdcAddr] : [usdcAddr, wbtcAddr]
    await send(npm, 'createAndInitializePoolIfNecessary', token0, token1, POOL_FEE, sqrtPriceX96)
    const spacing = TICK_SPACINGS[POOL_FEE as 3000]
    const tick = TickMath.getTickAtSqrtRatio(sqrtRatio)
    const halfWidth = Math.round(Math.log(1 + liq.rangePct / 100) / Math.log(1.0001))
    const block = await provider.getBlock('latest')
    await send(npm, 'mint', {
      token0, token1, fee: POOL_FEE,
      tickLower: nearestUsableTick(tick - halfWidth, spacing), tickUpper: nearestUsableTick(tick + halfWidth, spacing),
      amount0Desired: wbtcIs0 ? lpWbtc : lpUsdc, amount1Desired: wbtcIs0 ? lpUsdc : lpWbtc,
      amount0Min: 0n, amount1Min: 0n, recipient: deployer.address, deadline: BigInt(block!.timestamp + 3600),
    })
    const poolAddr = await factory.getFunction('getPool')(token0, token1, POOL_FEE) as string
    const pool = new Contract(poolAddr, uni.pool.abi as InterfaceAbi, deployer)
    // Room for an hour of one-per-block observations, so TWAP windows longer than one block can be read.
    await send(pool, 'increaseObservationCardinalityNext', 100)

    const rpc = (method: string, params: unknown[] = []): Promise<unknown> => provider.send(method, params)
    const feedAddr = await feed.getAddress()
    // Jump from the past start to the host clock; the pool's observations now span the whole history at the seed
    // price, and the feed gets a fresh round at the same price (its first one is as old as the history).
    await rpc('evm_setNextBlockTimestamp', [Math.floor(Date.now() / 1000)])
    await rpc('evm_mine')
    await send(feed, 'updateAnswer', parseUnits(String(priceUsd), 8))
    const arb = poolArbitrageur({
      provider, privateKey: arbitrageur.privateKey, router: await router.getAddress(), pool: poolAddr, fee: POOL_FEE,
      base: { address: wbtcAddr, symbol: 'WBTC', decimals: 8 }, quote: { address: usdcAddr, symbol: 'USDC', decimals: 6 },
      abis: { erc20: own.TestToken.abi as InterfaceAbi, pool: uni.pool.abi as InterfaceAbi, router: uni.router.abi as InterfaceAbi },
      ...(opts.arbitrageBandBps === undefined ? {} : { bandBps: opts.arbitrageBandBps }),
    })
    const result: ChainSandbox = {
      rpcUrl,
      chainId,
      addresses: {
        factory: await factory.getAddress(), router: await router.getAddress(), quoterV2: await quoterV2.getAddress(),
        positionManager: npmAddr, weth: await weth.getAddress(), usdc: usdcAddr, wbtc: wbtcAddr, pool: poolAddr,
        btcUsdFeed: feedAddr,
      },
      tokens: {
        usdc: { address: usdcAddr, symbol: 'USDC', decimals: 6 },
        wbtc: { address: wbtcAddr, symbol: 'WBTC', decimals: 8 },
        weth: { address: await weth.getAddress(), symbol: 'WETH', decimals: 18 },
      },
      poolFee: POOL_FEE,
      accounts,
      arbitrageur,
      abis: {
        erc20: own.TestToken.abi as InterfaceAbi, feed: own.MockAggregator.abi as InterfaceAbi,
        pool: uni.pool.abi as InterfaceAbi, router: uni.router.abi as InterfaceAbi,
      },
      async setOraclePrice(p) {
        // A fresh provider nonce each time: tests may also send from account 0 between calls.
        const k = new Contract(feedAddr, own.MockAggregator.abi as InterfaceAbi, deployer)
        const tx = await k.getFunction('updateAnswer')(parseUnits(String(p), 8)) as { wait(): Promise<unknown> }
        await tx.wait()
      },
      arbitrageTo: (p) => arb.arbitrageTo(p),
      async mine(blocks = 1) { await rpc('hardhat_mine', [`0x${blocks.toString(16)}`]) },
      async increaseTime(seconds) { await rpc('evm_increaseTime', [seconds]); await rpc('evm_mine') },
      async setAutomine(on) { await rpc('evm_setAutomine', [on]) },
      request: rpc,
      async stop() { provider.destroy(); await server.close() },
    }
    return result
  } catch (e) {
    provider.destroy()
    await server.close()
    throw e
  }
}
