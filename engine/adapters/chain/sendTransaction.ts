import { keccak256 } from 'ethers'
import type { Provider, Wallet } from 'ethers'
import { revertDataOf, decodeRevertData, revertError } from './decodeRevert.ts'
import { eip1559Fees } from './feeCaps.ts'
import type { FeeCapConfig } from './feeCaps.ts'
import { isAlreadyKnown } from './nonceManager.ts'
import type { NonceManager } from './nonceManager.ts'
import type { SentTx } from './clientIdStore.ts'

/** A contract call to send. `gasLimit` skips estimation (estimation runs the call first, so a call that would revert
 * fails here with its decoded reason instead of costing gas). */
export interface TxRequest { readonly to: string; readonly data: string; readonly value?: bigint; readonly gasLimit?: bigint }

export interface SendContext {
  readonly provider: Provider
  readonly wallet: Wallet
  readonly chainId: bigint
  readonly nonces: NonceManager
  readonly fees: FeeCapConfig
}

/** Estimates gas (+20% headroom), prices the transaction with EIP-1559 fee caps, signs it locally with the next
 * nonce, hands it to `onSigned` (which records it against its clientId) and only then broadcasts it. Signing
 * locally is what makes the write-ahead possible: the hash is known before any node has seen the transaction.
 * A call that would revert throws the typed error of its reason (SlippageExceededError, DeadlineExpiredError, …).
 * @example const sent = await sendTransaction(ctx, { to: router, data }, (s) => store.record(clientId, s)) */
export async function sendTransaction(ctx: SendContext, req: TxRequest, onSigned: (sent: SentTx) => void | Promise<void>): Promise<SentTx> {
  const from = ctx.wallet.address
  let gasLimit = req.gasLimit
  if (gasLimit === undefined) {
    try {
      gasLimit = (await ctx.provider.estimateGas({ from, to: req.to, data: req.data, value: req.value ?? 0n }) * 12n) / 10n
    } catch (e) {
      const data = revertDataOf(e)
      if (data !== undefined) throw revertError(decodeRevertData(data), undefined, e)
      throw e
    }
  }
  const block = await ctx.provider.getBlock('latest')
  const fees = eip1559Fees(block?.baseFeePerGas ?? 0n, ctx.fees)
  return ctx.nonces.send(async (nonce) => {
    const rawTx = await ctx.wallet.signTransaction({
      type: 2, chainId: ctx.chainId, nonce, to: req.to, data: req.data, value: req.value ?? 0n, gasLimit, ...fees,
    })
    const sent: SentTx = { txHash: keccak256(rawTx), nonce, rawTx }
    await onSigned(sent)
    try {
      await ctx.provider.broadcastTransaction(rawTx)
    } catch (e) {
      if (!isAlreadyKnown(e)) throw e
    }
    return sent
  })
}
