import { Contract, formatEther, Interface, MaxUint256, parseUnits, Transaction } from 'ethers'
import type { Provider, TransactionReceipt, Wallet } from 'ethers'
import type { InstrumentId } from '../../domain/instruments/instrument.ts'
import { oraclePriceNumber } from '../../domain/oracle/oraclePrice.ts'
import type { OraclePrice } from '../../domain/oracle/oraclePrice.ts'
import { maxQuoteIn, minQuoteOut } from '../../domain/oracle/oracleSwapBounds.ts'
import type { ExecutionPort, Fill, OrderAck, OrderIntent, PositionReport } from '../../ports/executionPort.ts'
import type { UnixMs } from '../../domain/units.ts'
import { OptvaultError } from '../../errors/base.ts'
import { SlippageExceededError, TransactionReplacedError, TxRevertedError } from '../chain/chainErrors.ts'
import { memoryClientIdStore } from '../chain/clientIdStore.ts'
import type { ClientIdStore, SentTx } from '../chain/clientIdStore.ts'
import { DEFAULT_FEE_CAPS } from '../chain/feeCaps.ts'
import type { FeeCapConfig } from '../chain/feeCaps.ts'
import { isAlreadyKnown, NonceManager } from '../chain/nonceManager.ts'
import { sendTransaction } from '../chain/sendTransaction.ts'
import type { SendContext } from '../chain/sendTransaction.ts'
import { waitForTransaction } from '../chain/waitForTransaction.ts'
import { ERC20_ABI, POOL_SWAP_EVENT, QUOTER_V2_ABI, ROUTER_ABI } from './uniswapAbis.ts'
import { UniswapOrderError } from './uniswapErrors.ts'

/** An ERC20 as the venue needs it. */
export interface TokenInfo { readonly address: string; readonly symbol: string; readonly decimals: number }

/** A spot instrument traded through one Uniswap v3 pool: buying the instrument buys `base` with `quote`. */
export interface UniswapPair {
  readonly base: TokenInfo
  readonly quote: TokenInfo
  /** Pool fee tier in hundredths of a bip: 500, 3000 or 10000. */
  readonly fee: number
}

export interface UniswapVenueConfig {
  readonly provider: Provider
  /** Signs locally; its provider is not used (the venue passes `provider`). */
  readonly wallet: Wallet
  readonly chainId: number
  readonly router: string
  readonly quoterV2: string
  readonly pairs: Readonly<Record<InstrumentId, UniswapPair>>
  /** The guarded oracle price for an instrument (quote per base), e.g. `oracleGuard(...).read()`'s `price`. */
  oraclePrice(instrument: InstrumentId): Promise<OraclePrice>
  /** Worst accepted distance from the oracle price, in bps, pool fee included (a 0.3% pool needs more than 30). */
  readonly maxSlippageBps: number
  /** Seconds from signing until the router refuses the swap. Default 120. */
  readonly deadlineSec?: number
  /** Blocks to wait, counting the one with the transaction. Default 1. */
  readonly confirmations?: number
  readonly fees?: FeeCapConfig
  /** 'exact' (default) approves the router for this swap's amount only, so a router bug or a compromised router
   * can take no more than one order's worth. */
  readonly approval?: 'exact' | 'infinite'
  /** Ask QuoterV2 first and refuse without sending when the pool cannot meet the oracle bound. Default true. */
  readonly quoteCheck?: boolean
  /** Fixed gas limit for swaps; skips estimation (which would reject a reverting swap before it is sent). */
  readonly swapGasLimit?: bigint
  /** clientId -> transaction map; the journal passes its persistent one. Default: in memory. */
  readonly clientIds?: ClientIdStore
  /** Share one manager between venues that sign with the same key in one process. */
  readonly nonces?: NonceManager
  readonly pollMs?: number
  /** Wait limit for a receipt. Default 180 s. */
  readonly timeoutMs?: number
  readonly nowMs?: () => number
}

/** What QuoterV2 says the pool would do now, in base units. */
export interface SwapQuote {
  /** Exact input (sell): base sold. Exact output (buy): base bought. */
  readonly baseRaw: bigint
  /** Sell: quote received. Buy: quote paid. */
  readonly quoteRaw: bigint
  readonly gasEstimate: bigint
}

const swapEvent = new Interface([POOL_SWAP_EVENT])

/** The venue: the execution port plus the reads a live run makes. These have the same names and shapes as the
 * matching methods of engine/live's LiveVenue (find, fills, balances, index, mark, cancelAll, ready), so the live
 * runner can adapt it without glue; `quoteSwap` and `nonces` are Uniswap's own. */
export interface UniswapVenue extends ExecutionPort {
  readonly name: 'uniswap'
  ready(): Promise<void>
  find(clientId: string, instrument?: InstrumentId): Promise<OrderAck | undefined>
  fills(sinceMs?: UnixMs): Promise<readonly Fill[]>
  /** Whole tokens per symbol; spot only, so maintenanceMargin is always 0. */
  balances(): Promise<Readonly<Record<string, { total: number; free: number; maintenanceMargin: number }>>>
  /** The guarded oracle price (USD per coin) and its update time. */
  index(currency: string): Promise<{ price: number; tMs: UnixMs }>
  mark(instrument: InstrumentId): Promise<number>
  cancelAll(): Promise<number>
  quoteSwap(instrument: InstrumentId, side: 'buy' | 'sell', qty: number): Promise<SwapQuote>
  readonly nonces: NonceManager
}

/** The Uniswap v3 venue: spot hedges on chain through the real SwapRouter. A sell is `exactInputSingle` with
 * `amountOutMinimum` from the oracle price less `maxSlippageBps`; a buy is `exactOutputSingle` with
 * `amountInMaximum` from the oracle price plus it. Each swap carries a deadline, is priced with EIP-1559 fee caps,
 * takes its nonce from a NonceManager and is recorded against its clientId before it is broadcast, so `submit`
 * with a known clientId looks the transaction up (and, if the node lost it with its nonce unused, rebroadcasts the
 * same signed bytes) instead of swapping again. Reverts come back as typed errors (SlippageExceededError,
 * DeadlineExpiredError, TxRevertedError). Submits are serialised: an exact approval and its swap must not
 * interleave with another order's.
 * @example
 * const venue = uniswapVenue({ provider, wallet, chainId: 31337, router, quoterV2,
 *   pairs: { 'WBTC/USDC': { base: wbtc, quote: usdc, fee: 3000 } },
 *   oraclePrice: async () => (await guard.read()).price, maxSlippageBps: 100 })
 * const ack = await venue.submit({ clientId: 'r1-e3-hedge-0', instrument: 'WBTC/USDC', side: 'sell', qty: 0.5, purpose: 'hedge', reason: 'delta' }) */
export function uniswapVenue(cfg: UniswapVenueConfig): UniswapVenue {
  const provider = cfg.provider
  const from = cfg.wallet.address
  const store = cfg.clientIds ?? memoryClientIdStore()
  const nonces = cfg.nonces ?? new NonceManager(provider, from)
  const ctx: SendContext = { provider, wallet: cfg.wallet, chainId: BigInt(cfg.chainId), nonces, fees: cfg.fees ?? DEFAULT_FEE_CAPS }
  const wait = { confirmations: cfg.confirmations ?? 1, pollMs: cfg.pollMs ?? 1000, timeoutMs: cfg.timeoutMs ?? 180_000, from }
  const router = new Contract(cfg.router, ROUTER_ABI, provider)
  const quoter = new Contract(cfg.quoterV2, QUOTER_V2_ABI, provider)
  const now = cfg.nowMs ?? Date.now
  const inFlight = new Map<string, OrderIntent>()
  const fills: Fill[] = []
  const fillsSeen = new Set<string>()
  let lock: Promise<unknown> = Promise.resolve()

  const pairOf = (o: { clientId: string; instrument: InstrumentId }): UniswapPair => {
    const p = cfg.pairs[o.instrument]
    if (!p) throw new UniswapOrderError(o.clientId, 'instrument', `"${o.instrument}" has no Uniswap pool configured`, `add it under pairs (known: ${Object.keys(cfg.pairs).join(', ')})`)
    return p
  }
  const baseRawOf = (o: { clientId: string; qty: number }, p: UniswapPair): bigint => {
    const raw = Number.isFinite(o.qty) && o.qty > 0 ? parseUnits(o.qty.toFixed(p.base.decimals), p.base.decimals) : 0n
    if (raw <= 0n) throw new UniswapOrderError(o.clientId, 'qty', `must be a positive amount of at least one ${p.base.symbol} base unit, got ${o.qty}`, 'check the hedge size')
    return raw
  }

  async function quoteSwap(instrument: InstrumentId, side: 'buy' | 'sell', qty: number): Promise<SwapQuote> {
    const p = pairOf({ clientId: 'quote', instrument })
    const baseRaw = baseRawOf({ clientId: 'quote', qty }, p)
    if (side === 'sell') {
      const r = await quoter.getFunction('quoteExactInputSingle').staticCall({
        tokenIn: p.base.address, tokenOut: p.quote.address, amountIn: baseRaw, fee: p.fee, sqrtPriceLimitX96: 0n,
      }) as [bigint, bigint, bigint, bigint]
      return { baseRaw, quoteRaw: r[0], gasEstimate: r[3] }
    }
    const r = await quoter.getFunction('quoteExactOutputSingle').staticCall({
      tokenIn: p.quote.address, tokenOut: p.base.address, amount: baseRaw, fee: p.fee, sqrtPriceLimitX96: 0n,
    }) as [bigint, bigint, bigint, bigint]
    return { baseRaw, quoteRaw: r[0], gasEstimate: r[3] }
  }

  async function ensureAllowance(token: TokenInfo, need: bigint): Promise<void> {
    const erc20 = new Contract(token.address, ERC20_ABI, provider)
    const have = await erc20.getFunction('allowance')(from, cfg.router) as bigint
    if (have >= need) return
    const amount = cfg.approval === 'infinite' ? MaxUint256 : need
    const data = erc20.interface.encodeFunctionData('approve', [cfg.router, amount])
    const sent = await sendTransaction(ctx, { to: token.address, data }, () => undefined)
    await waitForTransaction(provider, sent, { ...wait, confirmations: 1 })
  }

  /** The fill as the pool's Swap event reports it: side from the direction of the base token, so a receipt alone
   * (on `find` after a restart) gives the same ack as the submit that sent it. */
  async function fillFrom(clientId: string, instrument: InstrumentId, p: UniswapPair, receipt: TransactionReceipt): Promise<OrderAck> {
    const baseIs0 = BigInt(p.base.address) < BigInt(p.quote.address)
    let baseDelta = 0n // from the pool's side: negative = the pool paid base out to us (we bought)
    let quoteRaw = 0n
    for (const log of receipt.logs) {
      const parsed = log.topics[0] === swapEvent.getEvent('Swap')!.topicHash ? swapEvent.parseLog(log) : null
      if (!parsed || (parsed.args[1] as string).toLowerCase() !== from.toLowerCase()) continue
      const a0 = parsed.args[2] as bigint
      const a1 = parsed.args[3] as bigint
      baseDelta += baseIs0 ? a0 : a1
      const q = baseIs0 ? a1 : a0
      quoteRaw += q < 0n ? -q : q
    }
    const block = await provider.getBlock(receipt.blockNumber)
    const qty = Number(baseDelta < 0n ? -baseDelta : baseDelta) / 10 ** p.base.decimals
    const fill: Fill = {
      clientId, instrument, side: baseDelta < 0n ? 'buy' : 'sell', qty,
      price: qty > 0 ? Number(quoteRaw) / 10 ** p.quote.decimals / qty : 0,
      // Gas only: the pool fee is already inside the price, as on any AMM.
      fee: Number(formatEther(receipt.fee)), feeCurrency: 'ETH', tMs: (block?.timestamp ?? 0) * 1000,
    }
    if (!fillsSeen.has(receipt.hash)) { fillsSeen.add(receipt.hash); fills.push(fill) }
    return { clientId, status: 'filled', filledQty: qty, fills: [fill], venueOrderId: receipt.hash }
  }

  /** A clientId seen before: find its transaction instead of swapping again. */
  async function resume(o: OrderIntent, p: UniswapPair, sent: SentTx): Promise<OrderAck> {
    const known = await provider.getTransaction(sent.txHash) ?? await provider.getTransactionReceipt(sent.txHash)
    if (!known) {
      const used = await provider.getTransactionCount(from, 'latest')
      if (used > sent.nonce) throw new TransactionReplacedError(sent.txHash, sent.nonce)
      // Same signed bytes, same hash: if the original also surfaces, only one of them can ever be mined.
      try { await provider.broadcastTransaction(sent.rawTx) } catch (e) { if (!isAlreadyKnown(e)) throw e }
    }
    return fillFrom(o.clientId, o.instrument, p, await waitForTransaction(provider, sent, wait))
  }

  async function swap(o: OrderIntent): Promise<OrderAck> {
    const p = pairOf(o)
    const earlier = await store.lookup(o.clientId)
    if (earlier) return resume(o, p, earlier)
    const baseRaw = baseRawOf(o, p)
    const oracle = await cfg.oraclePrice(o.instrument)
    const bound = { baseRaw, baseDecimals: p.base.decimals, quoteDecimals: p.quote.decimals, price: oracle, maxSlippageBps: cfg.maxSlippageBps }
    const limit = o.limitPrice === undefined ? undefined
      : { ...bound, maxSlippageBps: 0, price: { ...oracle, answer: parseUnits(o.limitPrice.toFixed(8), 8), decimals: 8, source: 'limitPrice' } }
    const deadline = BigInt(Math.floor(now() / 1000) + (cfg.deadlineSec ?? 120))
    let data: string
    if (o.side === 'sell') {
      let minOut = minQuoteOut(bound)
      if (limit) { const l = minQuoteOut(limit); if (l > minOut) minOut = l }
      if (cfg.quoteCheck ?? true) {
        const q = await quoteSwap(o.instrument, 'sell', o.qty)
        if (q.quoteRaw < minOut) throw new SlippageExceededError(`QuoterV2 says selling ${baseRaw} ${p.base.symbol} base units returns ${q.quoteRaw} ${p.quote.symbol}, below the ${minOut} bound from ${oracle.source} at ${oraclePriceNumber(oracle)} less ${cfg.maxSlippageBps} bps; nothing was sent`)
      }
      await ensureAllowance(p.base, baseRaw)
      data = router.interface.encodeFunctionData('exactInputSingle', [{
        tokenIn: p.base.address, tokenOut: p.quote.address, fee: p.fee, recipient: from, deadline,
        amountIn: baseRaw, amountOutMinimum: minOut, sqrtPriceLimitX96: 0n,
      }])
    } else {
      let maxIn = maxQuoteIn(bound)
      if (limit) { const l = maxQuoteIn(limit); if (l < maxIn) maxIn = l }
      if (cfg.quoteCheck ?? true) {
        const q = await quoteSwap(o.instrument, 'buy', o.qty)
        if (q.quoteRaw > maxIn) throw new SlippageExceededError(`QuoterV2 says buying ${baseRaw} ${p.base.symbol} base units costs ${q.quoteRaw} ${p.quote.symbol}, above the ${maxIn} bound from ${oracle.source} at ${oraclePriceNumber(oracle)} plus ${cfg.maxSlippageBps} bps; nothing was sent`)
      }
      await ensureAllowance(p.quote, maxIn)
      data = router.interface.encodeFunctionData('exactOutputSingle', [{
        tokenIn: p.quote.address, tokenOut: p.base.address, fee: p.fee, recipient: from, deadline,
        amountOut: baseRaw, amountInMaximum: maxIn, sqrtPriceLimitX96: 0n,
      }])
    }
    try {
      const sent = await sendTransaction(ctx, { to: cfg.router, data, ...(cfg.swapGasLimit ? { gasLimit: cfg.swapGasLimit } : {}) },
        (s) => store.record(o.clientId, s))
      return fillFrom(o.clientId, o.instrument, p, await waitForTransaction(provider, sent, wait))
    } catch (e) {
      throw o.side === 'buy' ? await exactOutputStf(e, p) : e
    }
  }

  /** With an exact approval, an exactOutputSingle that needs more than amountInMaximum fails inside the pool's
   * payment callback (transferFrom beyond the allowance: "STF") before the router's own "Too much requested"
   * check runs. When the wallet holds the funds, that STF means the price moved: report it as slippage. */
  async function exactOutputStf(e: unknown, p: UniswapPair): Promise<unknown> {
    if (!(e instanceof TxRevertedError) || !e.reason.startsWith('STF') || cfg.approval === 'infinite') return e
    const erc20 = new Contract(p.quote.address, ERC20_ABI, provider)
    const [bal, allowed] = await Promise.all([
      erc20.getFunction('balanceOf')(from) as Promise<bigint>, erc20.getFunction('allowance')(from, cfg.router) as Promise<bigint>,
    ])
    if (bal < allowed) return e
    return new SlippageExceededError(`the pool asked more ${p.quote.symbol} than amountInMaximum ${allowed} (reverted in the payment callback: STF)`,
      { ...(e.txHash ? { txHash: e.txHash } : {}), cause: e })
  }

  /** Replaces a still-pending swap with a zero-value transfer to ourselves at the same nonce and double the fees
   * (nodes require a bump of at least 10%). A mined swap cannot be cancelled; then this does nothing. */
  async function cancel(clientId: string): Promise<void> {
    const sent = await store.lookup(clientId)
    if (!sent || await provider.getTransactionReceipt(sent.txHash)) return
    const old = Transaction.from(sent.rawTx)
    const rawTx = await cfg.wallet.signTransaction({
      type: 2, chainId: ctx.chainId, nonce: sent.nonce, to: from, value: 0n, data: '0x', gasLimit: 21_000n,
      maxFeePerGas: (old.maxFeePerGas ?? 0n) * 2n, maxPriorityFeePerGas: (old.maxPriorityFeePerGas ?? 0n) * 2n,
    })
    await provider.broadcastTransaction(rawTx)
  }

  /** The pair a router call traded, from its calldata (tokenIn/tokenOut), for `find` without an instrument. */
  function pairOfCall(data: string): [InstrumentId, UniswapPair] | undefined {
    const call = router.interface.parseTransaction({ data })
    const params = call?.args[0] as { tokenIn: string; tokenOut: string } | undefined
    if (!params) return undefined
    const tokens = new Set([params.tokenIn.toLowerCase(), params.tokenOut.toLowerCase()])
    return Object.entries(cfg.pairs).find(([, p]) => tokens.has(p.base.address.toLowerCase()) && tokens.has(p.quote.address.toLowerCase()))
  }

  /** The configured instrument whose base is `currency` (BTC matches WBTC: wrapped coins stand for the coin). */
  function instrumentOfCurrency(currency: string): InstrumentId {
    const c = currency.toUpperCase()
    const hit = Object.entries(cfg.pairs).find(([, p]) => p.base.symbol.toUpperCase() === c || p.base.symbol.toUpperCase() === `W${c}`)
    if (!hit) throw new UniswapOrderError('index', 'currency', `"${currency}" is not the base of any configured pair`, 'use the base symbol of a pair, e.g. BTC for WBTC/USDC')
    return hit[0]
  }

  return {
    name: 'uniswap',
    nonces,
    quoteSwap,
    /** Checks that the RPC serves the configured chain and that the router and quoter are contracts there. */
    async ready() {
      // Asked of the node: a provider built with staticNetwork would just echo the configured id back.
      const rpc = provider as Provider & { send?(method: string, params: unknown[]): Promise<string> }
      const chainId = rpc.send ? Number(await rpc.send('eth_chainId', [])) : cfg.chainId
      if (chainId !== cfg.chainId) throw new OptvaultError(`the RPC serves chain ${chainId}, the config says ${cfg.chainId}.`, { fix: 'point rpcUrl at the right network or fix chainId.' })
      for (const [what, a] of [['router', cfg.router], ['quoterV2', cfg.quoterV2]] as const) {
        if (await provider.getCode(a) === '0x') throw new OptvaultError(`no contract at ${what} ${a} on chain ${chainId}.`, { fix: `check the ${what} address for this chain.` })
      }
    },
    /** What became of a clientId: filled (from the receipt's Swap event), rejected (mined with status 0, reason
     * decoded), open (in the mempool), or undefined when nothing was signed for it or the node never got it (then
     * `submit` rebroadcasts the recorded bytes, never new ones). */
    async find(clientId, instrument) {
      const sent = await store.lookup(clientId)
      if (!sent) return undefined
      const receipt = await provider.getTransactionReceipt(sent.txHash)
      if (receipt) {
        if (receipt.status === 0) {
          const reason = await waitForTransaction(provider, sent, { ...wait, confirmations: 1 }).then(() => 'reverted', (e: unknown) => (e as OptvaultError).shortMessage ?? String(e))
          return { clientId, status: 'rejected', filledQty: 0, fills: [], venueOrderId: sent.txHash, rejectReason: reason }
        }
        const tx = await provider.getTransaction(sent.txHash)
        const hit = instrument !== undefined && cfg.pairs[instrument] ? [instrument, cfg.pairs[instrument]] as const : pairOfCall(tx?.data ?? '0x')
        if (!hit) return { clientId, status: 'filled', filledQty: 0, fills: [], venueOrderId: sent.txHash }
        return fillFrom(clientId, hit[0], hit[1], receipt)
      }
      if (await provider.getTransaction(sent.txHash)) return { clientId, status: 'open', filledQty: 0, fills: [], venueOrderId: sent.txHash }
      return undefined
    },
    /** Fills this process saw (submit or find); after a restart the journal holds the earlier ones. */
    async fills(sinceMs) {
      return fills.filter((f) => sinceMs === undefined || f.tMs >= sinceMs)
    },
    /** Wallet balances of every configured token and of the chain's gas coin (ETH), in whole tokens. Spot only:
     * nothing is margined, so maintenanceMargin is 0. */
    async balances() {
      const out: Record<string, { total: number; free: number; maintenanceMargin: number }> = {}
      const tokens = new Map<string, TokenInfo>()
      for (const p of Object.values(cfg.pairs)) { tokens.set(p.base.symbol, p.base); tokens.set(p.quote.symbol, p.quote) }
      for (const [symbol, t] of tokens) {
        const raw = await new Contract(t.address, ERC20_ABI, provider).getFunction('balanceOf')(from) as bigint
        const total = Number(raw) / 10 ** t.decimals
        out[symbol] = { total, free: total, maintenanceMargin: 0 }
      }
      const eth = Number(formatEther(await provider.getBalance(from)))
      out.ETH = { total: eth, free: eth, maintenanceMargin: 0 }
      return out
    },
    /** The guarded oracle price of the pair whose base is `currency`, stamped with the oracle's update time. */
    async index(currency) {
      const p = await cfg.oraclePrice(instrumentOfCurrency(currency))
      return { price: oraclePriceNumber(p), tMs: p.updatedAtMs }
    },
    async mark(instrument) {
      pairOf({ clientId: 'mark', instrument })
      return oraclePriceNumber(await cfg.oraclePrice(instrument))
    },
    async cancelAll() {
      const ids = [...inFlight.keys()]
      for (const id of ids) await cancel(id)
      return ids.length
    },
    submit(o) {
      const run = lock.then(async () => {
        inFlight.set(o.clientId, o)
        try { return await swap(o) } catch (e) {
          // A dropped or replaced transaction leaves our local nonce count wrong; ask the node next time.
          nonces.reset()
          throw e
        } finally { inFlight.delete(o.clientId) }
      })
      lock = run.catch(() => undefined)
      return run
    },
    amend(clientId) {
      return Promise.reject(new UniswapOrderError(clientId, 'amend', 'is not possible on Uniswap: a swap executes whole in one transaction', 'cancel (while pending) and submit a new order'))
    },
    cancel,
    async openOrders() {
      return [...inFlight.values()].map((o) => ({ clientId: o.clientId, status: 'open' as const, filledQty: 0, fills: [] }))
    },
    /** Base-token balances of the wallet, one per configured instrument. The chain keeps no cost basis, so
     * avgPrice is 0; the journal holds the real one. */
    async positions(): Promise<PositionReport[]> {
      const out: PositionReport[] = []
      for (const [instrument, p] of Object.entries(cfg.pairs)) {
        const bal = await new Contract(p.base.address, ERC20_ABI, provider).getFunction('balanceOf')(from) as bigint
        out.push({ instrument, qty: Number(bal) / 10 ** p.base.decimals, avgPrice: 0 })
      }
      return out
    },
  }
}
