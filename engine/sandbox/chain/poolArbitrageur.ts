import { Contract, MaxUint256, Wallet } from 'ethers'
import type { InterfaceAbi, JsonRpcProvider, TransactionReceipt } from 'ethers'
import { OptvaultError } from '../../errors/base.ts'
import { sqrtPriceX96ForUsd } from './sqrtPriceX96ForUsd.ts'
import type { PoolPair } from './sqrtPriceX96ForUsd.ts'

/** A token of the arbitraged pool: address, symbol and decimals of its smallest unit. */
export interface ArbitrageToken { readonly address: string; readonly symbol: string; readonly decimals: number }

export interface PoolArbitrageurOptions {
  readonly provider: JsonRpcProvider
  /** The arbitrageur's own key: it mints itself the sandbox tokens it needs and pays the gas. */
  readonly privateKey: string
  /** Uniswap v3 SwapRouter. */
  readonly router: string
  /** The base/quote pool (WBTC/USDC) and its fee tier in hundredths of a bip (3000 = 0.3%). */
  readonly pool: string
  readonly fee: number
  /** The asset priced in USD (WBTC) and the USD token (USDC). Both must be the sandbox's open-mint ERC20s. */
  readonly base: ArbitrageToken
  readonly quote: ArbitrageToken
  readonly abis: { readonly erc20: InterfaceAbi; readonly pool: InterfaceAbi; readonly router: InterfaceAbi }
  /** No trade when the pool's price is already within this many bps of the target. Default 1. */
  readonly bandBps?: number
  /** Longest wait for each transaction's receipt, ms (a chain with automine off never mines it). Default 30000. */
  readonly receiptTimeoutMs?: number
}

/** What one arbitrage step saw and did. Prices are USD per whole base token, as floats for display; the pool's
 * own numbers are the sqrtPriceX96 fields. */
export interface ArbitrageStep {
  readonly targetUsd: number
  /** False when the pool was already within the band: no transaction was sent. */
  readonly swapped: boolean
  readonly beforeUsd: number
  readonly afterUsd: number
  readonly sqrtPriceX96Before: bigint
  readonly sqrtPriceX96After: bigint
  /** The limit the swap stops at: `targetUsd` as the pool's Q64.96 sqrt price. */
  readonly targetSqrtPriceX96: bigint
  /** Set when swapped: the token paid in (the base token to push the price down, the quote token to lift it), the
   * amount the pool took in its base units (fee included), the swap's transaction and gas. */
  readonly swap?: { readonly tokenIn: string; readonly amountInRaw: bigint; readonly amountOutRaw: bigint; readonly txHash: string; readonly gasUsed: bigint }
  /** Transactions this step sent: the swap, plus a mint or an approval when its inventory or allowance ran short. */
  readonly transactions: number
}

const Q192 = 1n << 192n
const FEE_UNITS = 1_000_000n

/** The sandbox's arbitrageur: trades a Uniswap v3 pool back to a USD price with one real swap through the
 * SwapRouter, the way arbitrage to a price is done on v3: `exactInputSingle` with `sqrtPriceLimitX96` at the target's
 * sqrt price and an `amountIn` no smaller than what can reach it, so the pool stops the swap exactly at the limit and
 * takes only what it used. Steps run one at a time (one account, one nonce sequence); a failed step rejects with an
 * OptvaultError and leaves the next one free to try again.
 * @example
 * const arb = poolArbitrageur({ provider, privateKey, router, pool, fee: 3000, base: wbtc, quote: usdc, abis })
 * const step = await arb.arbitrageTo(61_000) // step.swapped, step.afterUsd ~ 61000 */
export function poolArbitrageur(o: PoolArbitrageurOptions): { readonly address: string; arbitrageTo(priceUsd: number): Promise<ArbitrageStep> } {
  const wallet = new Wallet(o.privateKey, o.provider)
  const pair: PoolPair = {
    baseIsToken0: BigInt(o.base.address) < BigInt(o.quote.address), baseDecimals: o.base.decimals, quoteDecimals: o.quote.decimals,
  }
  const [token0, token1] = pair.baseIsToken0 ? [o.base, o.quote] : [o.quote, o.base]
  const pool = new Contract(o.pool, o.abis.pool, o.provider)
  const router = new Contract(o.router, o.abis.router, wallet)
  const erc20 = (t: ArbitrageToken) => new Contract(t.address, o.abis.erc20, wallet)
  const bandPpm = BigInt(Math.round((o.bandBps ?? 1) * 100))
  const timeoutMs = o.receiptTimeoutMs ?? 30_000
  // USD per whole base token from a sqrt price, for the step's report only: 12 decimals kept through the integers.
  const scale = 10n ** 12n
  const usdAt = (sqrt: bigint): number => {
    const s2 = sqrt * sqrt
    const num = (pair.baseIsToken0 ? s2 : Q192) * 10n ** BigInt(o.base.decimals) * scale
    const den = (pair.baseIsToken0 ? Q192 : s2) * 10n ** BigInt(o.quote.decimals)
    return Number(num / den) / 1e12
  }

  const mined = async (sent: Promise<unknown>, what: string): Promise<TransactionReceipt> => {
    const tx = await sent as { wait(confirms?: number, timeout?: number): Promise<TransactionReceipt | null> }
    const r = await tx.wait(1, timeoutMs)
    if (r?.status !== 1) throw new OptvaultError(`arbitrageur: ${what} reverted.`)
    return r
  }

  async function step(priceUsd: number): Promise<ArbitrageStep> {
    const target = sqrtPriceX96ForUsd(priceUsd, pair)
    const slot0 = await pool.getFunction('slot0')() as [bigint, bigint]
    const before = slot0[0]
    const t2 = target * target
    const diff = before * before > t2 ? before * before - t2 : t2 - before * before
    const base = { targetUsd: priceUsd, beforeUsd: usdAt(before), sqrtPriceX96Before: before, targetSqrtPriceX96: target }
    // The band is on the price (the square of the sqrt price): |P - T| <= band * T.
    if (diff * FEE_UNITS <= bandPpm * t2) {
      return { ...base, swapped: false, afterUsd: base.beforeUsd, sqrtPriceX96After: before, transactions: 0 }
    }
    // Lower target sqrt price: less token1 per token0, so token0 goes in (zeroForOne); higher: token1 goes in.
    const zeroForOne = target < before
    const [tokenIn, tokenOut] = zeroForOne ? [token0, token1] : [token1, token0]
    const poolOut = await erc20(tokenOut).getFunction('balanceOf')(o.pool) as bigint
    // An amountIn that surely reaches the limit: every unit paid in buys at a price no worse for the pool than the
    // target, so what the pool pays out (at most its whole balance of tokenOut) bounds what goes in. Token1 per token0
    // at the target is t2 / 2^192; the fee comes on top of the net input.
    const net = zeroForOne ? ceilDiv(poolOut * Q192, t2) : ceilDiv(poolOut * t2, Q192)
    const amountIn = ceilDiv(net * FEE_UNITS, FEE_UNITS - BigInt(o.fee)) + 1n
    let transactions = 0
    const token = erc20(tokenIn)
    const [held, allowed, block] = await Promise.all([
      token.getFunction('balanceOf')(wallet.address) as Promise<bigint>,
      token.getFunction('allowance')(wallet.address, o.router) as Promise<bigint>,
      o.provider.getBlock('latest'),
    ])
    // The pool takes only what reaching the limit costs, far less than the bound; minting twice the bound means
    // later steps seldom need another mint.
    if (held < amountIn) {
      await mined(token.getFunction('mint')(wallet.address, 2n * amountIn - held), `mint of ${tokenIn.symbol}`)
      transactions++
    }
    if (allowed < amountIn) {
      await mined(token.getFunction('approve')(o.router, MaxUint256), `approval of ${tokenIn.symbol}`)
      transactions++
    }
    const receipt = await mined(router.getFunction('exactInputSingle')({
      tokenIn: tokenIn.address, tokenOut: tokenOut.address, fee: o.fee, recipient: wallet.address,
      // chain time, not the host's: fast blocks can push the chain clock ahead of the wall clock
      deadline: BigInt((block?.timestamp ?? 0) + 600), amountIn, amountOutMinimum: 0n, sqrtPriceLimitX96: target,
    }), `swap of ${tokenIn.symbol} to ${priceUsd} USD`)
    transactions++
    let amount0 = 0n
    let amount1 = 0n
    let after = before
    for (const log of receipt.logs) {
      if (log.address.toLowerCase() !== o.pool.toLowerCase()) continue
      const ev = pool.interface.parseLog(log)
      if (ev?.name !== 'Swap') continue
      amount0 = ev.args[2] as bigint
      amount1 = ev.args[3] as bigint
      after = ev.args[4] as bigint
    }
    const inRaw = zeroForOne ? amount0 : amount1
    const outRaw = -(zeroForOne ? amount1 : amount0)
    return {
      ...base, swapped: true, afterUsd: usdAt(after), sqrtPriceX96After: after, transactions,
      swap: { tokenIn: tokenIn.symbol, amountInRaw: inRaw, amountOutRaw: outRaw, txHash: receipt.hash, gasUsed: receipt.gasUsed },
    }
  }

  let queue: Promise<unknown> = Promise.resolve()
  return {
    address: wallet.address,
    arbitrageTo(priceUsd) {
      const run = queue.then(() => step(priceUsd)).catch((e: unknown) => {
        if (e instanceof OptvaultError) throw e
        throw new OptvaultError(`arbitrage of the pool to ${priceUsd} USD failed: ${e instanceof Error ? e.message : String(e)}`, {
          where: `pool ${o.pool}`, fix: 'the keeper retries at its next tick; check that the chain is up and mining.', cause: e,
        })
      })
      queue = run.catch(() => undefined)
      return run
    },
  }
}

function ceilDiv(a: bigint, b: bigint): bigint { return (a + b - 1n) / b }
