import { describe, expect, test } from 'vitest'
import { NonceManager, isAlreadyKnown, isNonceClash } from '../../../../engine/adapters/chain/nonceManager.ts'
import { sendTransaction } from '../../../../engine/adapters/chain/sendTransaction.ts'
import { waitForTransaction } from '../../../../engine/adapters/chain/waitForTransaction.ts'
import { DEFAULT_FEE_CAPS } from '../../../../engine/adapters/chain/feeCaps.ts'
import { trader, useChainSandbox } from '../../../support/evm.ts'

const { chain, provider } = useChainSandbox({ traders: 2 })

function ctx(nonces?: NonceManager) {
  const w = trader(chain(), provider(), 1)
  return { provider: provider(), wallet: w, chainId: BigInt(chain().chainId), nonces: nonces ?? new NonceManager(provider(), w.address), fees: DEFAULT_FEE_CAPS }
}
const wait = { confirmations: 1, pollMs: 10, timeoutMs: 5000 }

describe('NonceManager on a real node', () => {
  test('ten concurrent sends through one manager get ten consecutive nonces and all mine', async () => {
    const c = ctx()
    const start = await provider().getTransactionCount(c.wallet.address, 'latest')
    const sent = await Promise.all(Array.from({ length: 10 }, () =>
      sendTransaction(c, { to: c.wallet.address, data: '0x', gasLimit: 21_000n }, () => undefined)))
    expect(sent.map((s) => s.nonce).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => start + i))
    for (const s of sent) expect((await waitForTransaction(provider(), s, { ...wait, from: c.wallet.address })).status).toBe(1)
    expect(c.nonces.clashes).toBe(0)
  })

  test('two managers for one key (two processes) racing: the loser resyncs and both go through', async () => {
    const a = ctx()
    const b = ctx()
    const [x, y] = await Promise.all([
      sendTransaction(a, { to: a.wallet.address, data: '0x', gasLimit: 21_000n }, () => undefined),
      sendTransaction(b, { to: b.wallet.address, data: '0x', gasLimit: 21_000n }, () => undefined),
    ])
    expect(x.nonce).not.toBe(y.nonce)
    // Whether they actually collided depends on timing; the deterministic case is the next test.
    expect(a.nonces.clashes + b.nonces.clashes).toBeLessThanOrEqual(1)
  })

  test('a cached nonce spent by another process: exactly one clash, resynced, sent with the next free nonce', async () => {
    const a = ctx()
    const b = ctx()
    const tx = { to: a.wallet.address, data: '0x', gasLimit: 21_000n }
    const first = await sendTransaction(b, tx, () => undefined) // b caches first.nonce + 1
    await sendTransaction(a, tx, () => undefined) // a asks the node and spends first.nonce + 1
    const third = await sendTransaction(b, tx, () => undefined)
    expect(b.nonces.clashes).toBe(1)
    expect(third.nonce).toBe(first.nonce + 2)
  })

  test('the node error is recognised as a clash; other errors are passed through untouched', async () => {
    const c = ctx()
    const s = await sendTransaction(c, { to: c.wallet.address, data: '0x', gasLimit: 21_000n }, () => undefined)
    const again = await c.wallet.signTransaction({ type: 2, chainId: c.chainId, nonce: s.nonce, to: c.wallet.address, gasLimit: 21_000n, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 10n ** 9n })
    const err = await provider().broadcastTransaction(again).catch((e: unknown) => e)
    expect(isNonceClash(err)).toBe(true)
    expect(isNonceClash(new Error('insufficient funds for gas * price + value'))).toBe(false)
    // Our own bytes again: never a clash (re-signing with a new nonce would send the order twice).
    expect(isNonceClash(new Error('already known'))).toBe(false)
    expect(isAlreadyKnown(new Error('already known'))).toBe(true)
    const m = new NonceManager(provider(), c.wallet.address)
    await expect(m.send(async () => { throw new Error('boom') })).rejects.toThrow('boom')
  })
})
