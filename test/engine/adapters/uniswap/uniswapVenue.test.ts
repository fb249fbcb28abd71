import { describe, expect, test } from 'vitest'
import { Contract, parseUnits } from 'ethers'
import { uniswapVenue } from '../../../../engine/adapters/uniswap/index.ts'
import type { UniswapVenueConfig } from '../../../../engine/adapters/uniswap/index.ts'
import { readChainlink } from '../../../../engine/adapters/oracle/readChainlink.ts'
import { memoryClientIdStore } from '../../../../engine/adapters/chain/clientIdStore.ts'
import { balanceOf, trader, until, useChainSandbox } from '../../../support/evm.ts'
import type { OrderIntent } from '../../../../engine/ports/executionPort.ts'

const { chain, provider } = useChainSandbox({ btcPriceUsd: 60_000 })

function venue(over: Partial<UniswapVenueConfig> = {}, account = 1) {
  const c = chain()
  return uniswapVenue({
    provider: provider(), wallet: trader(c, provider(), account), chainId: c.chainId,
    router: c.addresses.router, quoterV2: c.addresses.quoterV2,
    pairs: { 'WBTC/USDC': { base: c.tokens.wbtc, quote: c.tokens.usdc, fee: c.poolFee } },
    oraclePrice: () => readChainlink({ provider: provider(), address: c.addresses.btcUsdFeed,
      policy: { source: 'chainlink BTC/USD', maxAgeSec: 3600, minPrice: 1000, maxPrice: 10_000_000 } }),
    maxSlippageBps: 100, pollMs: 10, timeoutMs: 10_000, ...over,
  }, )
}
const sell = (qty: number, clientId = 'run1-e1-hedge-0'): OrderIntent =>
  ({ clientId, instrument: 'WBTC/USDC', side: 'sell', qty, purpose: 'hedge', reason: 'delta' })

describe('uniswapVenue.submit', () => {
  test('sells exactly the quantity with amountOutMinimum = oracle * (1 - slippage) and moves the balances', async () => {
    const c = chain()
    const v = venue()
    const me = c.accounts[1]!.address
    const [wbtc0, usdc0] = [await balanceOf(c, provider(), c.addresses.wbtc, me), await balanceOf(c, provider(), c.addresses.usdc, me)]
    const ack = await v.submit(sell(0.5))
    expect(ack.status).toBe('filled')
    expect(ack.filledQty).toBe(0.5)
    const tx = await provider().getTransaction(ack.venueOrderId!)
    const args = new Contract(c.addresses.router, c.abis.router).interface.parseTransaction({ data: tx!.data })!.args[0]
    // 0.5 BTC at the feed's 60000 less 100 bps = 29 700 USDC, in 6-decimal base units.
    expect(args.amountIn).toBe(50_000_000n)
    expect(args.amountOutMinimum).toBe(29_700_000_000n)
    const wbtc1 = await balanceOf(c, provider(), c.addresses.wbtc, me)
    const usdc1 = await balanceOf(c, provider(), c.addresses.usdc, me)
    expect(wbtc0 - wbtc1).toBe(50_000_000n)
    // A 0.3% pool with the price at 60 000: about 29 910 USDC back, and never below the bound.
    expect(usdc1 - usdc0).toBeGreaterThanOrEqual(29_700_000_000n)
    expect(usdc1 - usdc0).toBeLessThan(30_000_000_000n)
    expect(ack.fills[0]!.price).toBeCloseTo(Number(usdc1 - usdc0) / 1e6 / 0.5, 6)
  })
})

const buy = (qty: number, clientId = 'run1-e1-hedge-1'): OrderIntent =>
  ({ clientId, instrument: 'WBTC/USDC', side: 'buy', qty, purpose: 'hedge', reason: 'delta' })

/** Another account dumps `wbtc` WBTC into the pool through the router with no limit: the manipulation (or a
 * liquidation cascade) our oracle bound must protect against. */
async function pushPoolDown(wbtc: string, account = 2): Promise<void> {
  const c = chain()
  const w = trader(c, provider(), account)
  const amount = parseUnits(wbtc, 8)
  const token = new Contract(c.addresses.wbtc, c.abis.erc20, w)
  await (await token.getFunction('mint')(w.address, amount)).wait()
  await (await token.getFunction('approve')(c.addresses.router, amount)).wait()
  const router = new Contract(c.addresses.router, c.abis.router, w)
  const block = await provider().getBlock('latest')
  await (await router.getFunction('exactInputSingle')({
    tokenIn: c.addresses.wbtc, tokenOut: c.addresses.usdc, fee: c.poolFee, recipient: w.address,
    deadline: block!.timestamp + 600, amountIn: amount, amountOutMinimum: 0n, sqrtPriceLimitX96: 0n,
  })).wait()
}

async function allowance(token: string, owner: string): Promise<bigint> {
  const c = chain()
  return await new Contract(token, c.abis.erc20, provider()).getFunction('allowance')(owner, c.addresses.router) as bigint
}

describe('approvals', () => {
  test('a sell approves exactly amountIn, so nothing is left approved after the swap', async () => {
    const c = chain()
    const v = venue()
    await v.submit(sell(0.25))
    expect(await allowance(c.addresses.wbtc, c.accounts[1]!.address)).toBe(0n)
    const approvals = await new Contract(c.addresses.wbtc, c.abis.erc20, provider()).queryFilter('Approval')
    const mine = approvals.filter((l) => 'args' in l && l.args[0] === c.accounts[1]!.address)
    expect(mine.map((l) => ('args' in l ? l.args[2] : undefined))).toEqual([25_000_000n])
  })

  test('a buy approves exactly amountInMaximum (oracle + slippage) and the router takes only what the pool charged', async () => {
    const c = chain()
    const v = venue()
    const me = c.accounts[1]!.address
    const usdc0 = await balanceOf(c, provider(), c.addresses.usdc, me)
    const ack = await v.submit(buy(0.1))
    expect(ack.filledQty).toBe(0.1)
    const paid = usdc0 - await balanceOf(c, provider(), c.addresses.usdc, me)
    // 0.1 BTC at 60 000 plus 100 bps = 6 060 USDC approved; the remainder stays approved (exact, not infinite).
    expect(await allowance(c.addresses.usdc, me)).toBe(6_060_000_000n - paid)
    expect(paid).toBeGreaterThan(6_000_000_000n) // the 0.3% pool fee is paid on top of 60 000
    expect(paid).toBeLessThanOrEqual(6_060_000_000n)
  })

  test("approval: 'infinite' is opt-in and approves MaxUint256", async () => {
    const c = chain()
    await venue({ approval: 'infinite' }).submit(sell(0.01))
    // The sandbox token, like OpenZeppelin's, does not spend down an infinite allowance.
    expect(await allowance(c.addresses.wbtc, c.accounts[1]!.address)).toBe(2n ** 256n - 1n)
  })
})

describe('slippage, deadline and a manipulated pool', () => {
  test('after a 30 WBTC dump the QuoterV2 check refuses to send: no transaction, no nonce used', async () => {
    const c = chain()
    await pushPoolDown('30')
    const v = venue()
    const me = c.accounts[1]!.address
    const nonce0 = await provider().getTransactionCount(me, 'latest')
    await expect(v.submit(sell(0.5))).rejects.toMatchObject({ name: 'SlippageExceededError', txHash: undefined })
    expect(await provider().getTransactionCount(me, 'latest')).toBe(nonce0)
  })

  test('without the quote check, gas estimation replays the swap and the router revert is decoded', async () => {
    await pushPoolDown('30')
    const err = await venue({ quoteCheck: false }).submit(sell(0.5)).catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'SlippageExceededError', retryable: true })
    expect(String((err as Error).message)).toContain('Too little received')
  })

  test('a swap mined with status 0 is decoded from its block: SlippageExceededError with the tx hash, balances kept', async () => {
    const c = chain()
    await pushPoolDown('30')
    const me = c.accounts[1]!.address
    const wbtc0 = await balanceOf(c, provider(), c.addresses.wbtc, me)
    const err = await venue({ quoteCheck: false, swapGasLimit: 600_000n }).submit(sell(0.5)).catch((e: unknown) => e) as { name: string; txHash: string }
    expect(err.name).toBe('SlippageExceededError')
    const receipt = await provider().getTransactionReceipt(err.txHash)
    expect(receipt?.status).toBe(0)
    expect(await balanceOf(c, provider(), c.addresses.wbtc, me)).toBe(wbtc0)
  })

  test('a buy after the pool was pushed UP is slippage too (STF in the payment callback: the exact allowance ran out)', async () => {
    const c = chain()
    const w = trader(c, provider(), 2)
    // Push the price up by buying WBTC with 3M USDC.
    const amount = parseUnits('1000000', 6)
    await (await new Contract(c.addresses.usdc, c.abis.erc20, w).getFunction('approve')(c.addresses.router, amount)).wait()
    const block = await provider().getBlock('latest')
    await (await new Contract(c.addresses.router, c.abis.router, w).getFunction('exactInputSingle')({
      tokenIn: c.addresses.usdc, tokenOut: c.addresses.wbtc, fee: c.poolFee, recipient: w.address,
      deadline: block!.timestamp + 600, amountIn: amount, amountOutMinimum: 0n, sqrtPriceLimitX96: 0n,
    })).wait()
    const err = await venue({ quoteCheck: false, swapGasLimit: 600_000n }).submit(buy(0.1)).catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'SlippageExceededError' })
    expect(String((err as Error).message)).toContain('amountInMaximum 6060000000')
    expect(await provider().getTransactionReceipt((err as { txHash: string }).txHash)).toMatchObject({ status: 0 })
  })

  test('a deadline already passed when mined is decoded into DeadlineExpiredError', async () => {
    const err = await venue({ swapGasLimit: 600_000n, nowMs: () => Date.now() - 3_600_000, deadlineSec: 60 })
      .submit(sell(0.1)).catch((e: unknown) => e) as { name: string; txHash?: string }
    expect(err.name).toBe('DeadlineExpiredError')
    expect(err.txHash).toMatch(/^0x[0-9a-f]{64}$/)
  })

  test('a limit price tighter than the oracle bound wins', async () => {
    const c = chain()
    const ack = await venue().submit({ ...sell(0.1), limitPrice: 59_500 })
    const tx = await provider().getTransaction(ack.venueOrderId!)
    const args = new Contract(c.addresses.router, c.abis.router).interface.parseTransaction({ data: tx!.data })!.args[0]
    expect(args.amountOutMinimum).toBe(5_950_000_000n) // 0.1 * 59 500 USDC > 0.1 * 60 000 * 0.99 = 5 940
  })
})

describe('idempotency on clientId', () => {
  test('the same clientId twice sends one swap and returns the first ack', async () => {
    const c = chain()
    const store = memoryClientIdStore()
    const v = venue({ clientIds: store })
    const me = c.accounts[1]!.address
    const wbtc0 = await balanceOf(c, provider(), c.addresses.wbtc, me)
    const a = await v.submit(sell(0.2, 'same'))
    const b = await v.submit(sell(0.2, 'same'))
    expect(b.venueOrderId).toBe(a.venueOrderId)
    expect(b.filledQty).toBe(a.filledQty)
    expect(wbtc0 - await balanceOf(c, provider(), c.addresses.wbtc, me)).toBe(20_000_000n)
    // A restarted process with the persisted map also finds it.
    const c2 = await venue({ clientIds: store }).submit(sell(0.2, 'same'))
    expect(c2.venueOrderId).toBe(a.venueOrderId)
    expect(store.size).toBe(1)
  })

  test('a crash after recording but before broadcasting: the rerun broadcasts the same signed bytes once', async () => {
    const c = chain()
    const inner = memoryClientIdStore()
    let crash = true
    const crashing = {
      lookup: inner.lookup,
      record: (id: string, s: Parameters<typeof inner.record>[1]) => {
        inner.record(id, s)
        if (crash && id === 'crashy') throw new Error('simulated crash after the journal write')
      },
    }
    await expect(venue({ clientIds: crashing }).submit(sell(0.3, 'crashy'))).rejects.toThrow('simulated crash')
    const recorded = inner.lookup('crashy')!
    expect(await provider().getTransaction(recorded.txHash)).toBeNull()
    crash = false
    const me = c.accounts[1]!.address
    const wbtc0 = await balanceOf(c, provider(), c.addresses.wbtc, me)
    const ack = await venue({ clientIds: crashing }).submit(sell(0.3, 'crashy'))
    expect(ack.venueOrderId).toBe(recorded.txHash)
    expect(wbtc0 - await balanceOf(c, provider(), c.addresses.wbtc, me)).toBe(30_000_000n)
  })
})

describe('nonces', () => {
  test('another process spends the nonce we cached: the clash is detected, resynced and the swap goes through', async () => {
    const c = chain()
    const v = venue()
    await v.submit(sell(0.1, 'first')) // caches the next nonce locally
    const other = trader(c, provider(), 1) // same key, separate process
    await (await other.sendTransaction({ to: other.address, value: 0n })).wait()
    const ack = await v.submit(sell(0.1, 'second'))
    expect(ack.status).toBe('filled')
    expect(v.nonces.clashes).toBe(1)
  })

  test('two venues with the same key racing: both orders fill with different nonces', async () => {
    const a = venue()
    const b = venue()
    const [x, y] = await Promise.all([a.submit(sell(0.1, 'race-a')), b.submit(buy(0.1, 'race-b'))])
    const [tx, ty] = [await provider().getTransaction(x.venueOrderId!), await provider().getTransaction(y.venueOrderId!)]
    expect(tx!.nonce).not.toBe(ty!.nonce)
    expect(a.nonces.clashes + b.nonces.clashes).toBeGreaterThanOrEqual(1)
  })

  test('concurrent submits on one venue are serialised and each fills', async () => {
    const v = venue()
    const acks = await Promise.all([v.submit(sell(0.1, 'c1')), v.submit(sell(0.1, 'c2')), v.submit(buy(0.05, 'c3'))])
    expect(acks.map((a) => a.status)).toEqual(['filled', 'filled', 'filled'])
    expect(v.nonces.clashes).toBe(0)
  })
})

describe('dropped, replaced and confirmations', () => {
  test('a transaction dropped from the mempool is detected; a retry rebroadcasts the same transaction', async () => {
    const c = chain()
    const store = memoryClientIdStore()
    // Infinite approval and a first swap, so the next order is a single transaction left pending in the mempool.
    const v = venue({ clientIds: store, approval: 'infinite' })
    await v.submit(sell(0.01, 'warm-up'))
    await c.setAutomine(false)
    const pending = v.submit(sell(0.1, 'drop-me')).catch((e: unknown) => e)
    const swapHash = await until(async () => {
      const s = store.lookup('drop-me') as { txHash: string } | undefined
      return s && await provider().getTransaction(s.txHash) ? s.txHash : undefined
    })
    await c.request('hardhat_dropTransaction', [swapHash])
    const err = await pending as { name: string; retryable: boolean; txHash: string }
    expect(err).toMatchObject({ name: 'DroppedTransactionError', retryable: true, txHash: swapHash })
    await c.setAutomine(true)
    const ack = await v.submit(sell(0.1, 'drop-me'))
    expect(ack.venueOrderId).toBe(swapHash)
    expect(ack.filledQty).toBe(0.1)
  })

  test('cancel replaces a pending swap; submit reports TransactionReplacedError', async () => {
    const c = chain()
    const store = memoryClientIdStore()
    const v = venue({ clientIds: store, approval: 'infinite' })
    await v.submit(sell(0.01, 'approve-first'))
    await c.setAutomine(false)
    const pending = v.submit(sell(0.1, 'cancel-me')).catch((e: unknown) => e)
    await until(async () => {
      const x = store.lookup('cancel-me') as { txHash: string } | undefined
      return x && await provider().getTransaction(x.txHash) ? x : undefined
    })
    expect((await v.openOrders()).map((o) => o.clientId)).toEqual(['cancel-me'])
    await v.cancel('cancel-me')
    await c.mine()
    expect(await pending).toMatchObject({ name: 'TransactionReplacedError', retryable: false })
  })

  test('waits for the configured confirmations', async () => {
    const c = chain()
    const v = venue({ confirmations: 3 })
    let done = false
    const p = v.submit(sell(0.1, 'deep')).then((a) => { done = true; return a })
    await new Promise((r) => setTimeout(r, 300))
    expect(done).toBe(false)
    await c.mine(2)
    const ack = await p
    const receipt = await provider().getTransactionReceipt(ack.venueOrderId!)
    expect(await provider().getBlockNumber() - receipt!.blockNumber + 1).toBeGreaterThanOrEqual(3)
  })
})

describe('fees and the rest of the port', () => {
  test('EIP-1559 fields: maxFeePerGas = 2 x base fee + tip, tip as configured', async () => {
    const fees = { tipWei: 1_500_000_000n, baseFeeMultiplierBps: 20_000, maxFeePerGasCapWei: 100_000_000_000n }
    const ack = await venue({ fees }).submit(sell(0.1))
    const tx = await provider().getTransaction(ack.venueOrderId!)
    const parent = await provider().getBlock(tx!.blockNumber! - 1)
    expect(tx!.type).toBe(2)
    expect(tx!.maxPriorityFeePerGas).toBe(1_500_000_000n)
    // The base fee is read from the latest block before signing: the parent of the block the swap landed in.
    expect(tx!.maxFeePerGas).toBe(parent!.baseFeePerGas! * 2n + 1_500_000_000n)
  })

  test('a fee cap below the base fee refuses to send', async () => {
    const fees = { tipWei: 1n, baseFeeMultiplierBps: 20_000, maxFeePerGasCapWei: 1000n }
    await expect(venue({ fees }).submit(sell(0.1))).rejects.toMatchObject({ name: 'FeeCapExceededError', retryable: true })
  })

  test('unknown instrument, zero quantity and amend are typed errors naming the order', async () => {
    const v = venue()
    await expect(v.submit({ ...sell(0.1), instrument: 'BTC-PERPETUAL' })).rejects.toMatchObject({ name: 'UniswapOrderError', field: 'instrument' })
    await expect(v.submit(sell(1e-9))).rejects.toMatchObject({ name: 'UniswapOrderError', field: 'qty' })
    await expect(v.amend('x', { qty: 1 })).rejects.toMatchObject({ name: 'UniswapOrderError', field: 'amend' })
  })

  test('positions are the wallet base-token balances', async () => {
    const v = venue()
    expect(await v.positions()).toEqual([{ instrument: 'WBTC/USDC', qty: 10, avgPrice: 0 }])
    await v.submit(sell(0.5))
    expect((await v.positions())[0]!.qty).toBe(9.5)
  })

  test('quoteSwap() asks QuoterV2 and matches what the swap then pays out', async () => {
    const c = chain()
    const v = venue()
    const q = await v.quoteSwap('WBTC/USDC', 'sell', 0.5)
    const me = c.accounts[1]!.address
    const usdc0 = await balanceOf(c, provider(), c.addresses.usdc, me)
    await v.submit(sell(0.5))
    expect(await balanceOf(c, provider(), c.addresses.usdc, me) - usdc0).toBe(q.quoteRaw)
  })
})

describe('live-run reads', () => {
  test('find after a restart rebuilds the ack from the receipt alone: same fill, side from the Swap event', async () => {
    const store = memoryClientIdStore()
    const bought = await venue({ clientIds: store }).submit(buy(0.2, 'b1'))
    const sold = await venue({ clientIds: store }).submit(sell(0.1, 's1'))
    const fresh = venue({ clientIds: store }) // a new process: nothing in memory but the store
    expect(await fresh.find('b1')).toEqual(bought)
    expect(await fresh.find('s1', 'WBTC/USDC')).toEqual(sold)
    expect((await fresh.find('b1'))!.fills[0]!.side).toBe('buy')
    expect(await fresh.find('never-sent')).toBeUndefined()
    expect((await fresh.fills()).map((f) => f.clientId)).toEqual(['b1', 's1'])
  })

  test('find reports a mined revert as rejected with its decoded reason', async () => {
    const store = memoryClientIdStore()
    await pushPoolDown('30')
    await venue({ clientIds: store, quoteCheck: false, swapGasLimit: 600_000n }).submit(sell(0.5, 'r1')).catch(() => undefined)
    const ack = await venue({ clientIds: store }).find('r1')
    expect(ack).toMatchObject({ status: 'rejected', filledQty: 0 })
    expect(ack!.rejectReason).toContain('Too little received')
  })

  test('balances, index, mark and ready', async () => {
    const c = chain()
    const v = venue()
    await v.ready()
    const b = await v.balances()
    expect(b.WBTC).toEqual({ total: 10, free: 10, maintenanceMargin: 0 })
    expect(b.USDC!.total).toBe(1_000_000)
    expect(b.ETH!.total).toBeGreaterThan(9_999)
    const idx = await v.index('BTC')
    expect(idx.price).toBe(60_000)
    const feedRound = await new Contract(c.addresses.btcUsdFeed, c.abis.feed, provider()).getFunction('latestRoundData')()
    expect(idx.tMs).toBe(Number(feedRound[3]) * 1000)
    expect(await v.mark('WBTC/USDC')).toBe(60_000)
    await expect(v.index('ETH')).rejects.toMatchObject({ name: 'UniswapOrderError' })
    await expect(venue({ router: '0x000000000000000000000000000000000000dEaD' }).ready()).rejects.toThrow(/no contract at router/)
  })

  test('cancelAll replaces every pending swap and counts them', async () => {
    const c = chain()
    const store = memoryClientIdStore()
    const v = venue({ clientIds: store, approval: 'infinite' })
    await v.submit(sell(0.01, 'warm'))
    await c.setAutomine(false)
    const pending = v.submit(sell(0.1, 'p1')).catch((e: unknown) => e)
    await until(async () => { const s = store.lookup('p1'); return s && await provider().getTransaction(s.txHash) ? s : undefined })
    expect(await v.cancelAll()).toBe(1)
    await c.mine()
    expect(await pending).toMatchObject({ name: 'TransactionReplacedError' })
  })
})

describe('confirmation timeout', () => {
  test('not mined in time: ConfirmationTimeoutError; the retry with the same clientId finds the same transaction once mined', async () => {
    const c = chain()
    const store = memoryClientIdStore()
    const v = venue({ clientIds: store, approval: 'infinite', timeoutMs: 200 })
    await v.submit(sell(0.01, 'warm'))
    await c.setAutomine(false)
    const err = await v.submit(sell(0.1, 'slow')).catch((e: unknown) => e) as { name: string; retryable: boolean; txHash: string }
    expect(err).toMatchObject({ name: 'ConfirmationTimeoutError', retryable: true })
    expect(err.txHash).toBe(store.lookup('slow')!.txHash)
    await c.setAutomine(true)
    await c.mine()
    const me = c.accounts[1]!.address
    const nonceBefore = await provider().getTransactionCount(me, 'latest')
    const ack = await v.submit(sell(0.1, 'slow'))
    expect(ack.venueOrderId).toBe(err.txHash)
    expect(await provider().getTransactionCount(me, 'latest')).toBe(nonceBefore) // nothing new was sent
  })
})
