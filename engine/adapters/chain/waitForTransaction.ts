import type { Provider, TransactionReceipt } from 'ethers'
import { ConfirmationTimeoutError, DroppedTransactionError, TransactionReplacedError } from './chainErrors.ts'
import type { ChainTxError } from './chainErrors.ts'
import { decodeRevertData, revertDataOf, revertError } from './decodeRevert.ts'
import type { SentTx } from './clientIdStore.ts'

export interface WaitOptions {
  /** Blocks on top of and including the one with the transaction: 1 = mined. */
  readonly confirmations: number
  readonly pollMs: number
  readonly timeoutMs: number
  /** The signer, to tell a dropped transaction (nonce still unused) from a replaced one (nonce used by another). */
  readonly from: string
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Polls until `sent` has `confirmations` blocks and returns its receipt. Throws the decoded revert (by replaying
 * the call at its block) when it was mined with status 0, DroppedTransactionError when the node forgot it with its
 * nonce unused, TransactionReplacedError when that nonce was mined by another transaction, and
 * ConfirmationTimeoutError after `timeoutMs`.
 * @example const receipt = await waitForTransaction(provider, sent, { confirmations: 2, pollMs: 1000, timeoutMs: 180_000, from }) */
export async function waitForTransaction(provider: Provider, sent: SentTx, o: WaitOptions): Promise<TransactionReceipt> {
  const started = Date.now()
  for (;;) {
    const receipt = await provider.getTransactionReceipt(sent.txHash)
    if (receipt) {
      if (receipt.status === 0) throw await minedRevert(provider, sent.txHash, receipt)
      const head = await provider.getBlockNumber()
      if (head - receipt.blockNumber + 1 >= o.confirmations) return receipt
    } else if (await provider.getTransaction(sent.txHash) === null) {
      // Checked again: the transaction may have been mined between the two calls above.
      if (await provider.getTransactionReceipt(sent.txHash) === null) {
        const used = await provider.getTransactionCount(o.from, 'latest')
        if (used > sent.nonce) throw new TransactionReplacedError(sent.txHash, sent.nonce)
        // Another transaction with our nonce waits in the mempool (a replacement): wait for it to be mined, then
        // the branch above reports the replacement. Only a nonce nobody holds means dropped.
        if (await provider.getTransactionCount(o.from, 'pending') <= sent.nonce) throw new DroppedTransactionError(sent.txHash, sent.nonce)
      }
    }
    if (Date.now() - started > o.timeoutMs) throw new ConfirmationTimeoutError(sent.txHash, Date.now() - started)
    await sleep(o.pollMs)
  }
}

/** Nodes do not keep revert reasons in receipts; replaying the call on the block it was mined in (same state and
 * timestamp, as the node's eth_call executes it) reproduces it. */
async function minedRevert(provider: Provider, txHash: string, receipt: TransactionReceipt): Promise<ChainTxError> {
  const tx = await provider.getTransaction(txHash)
  if (!tx) return revertError('reverted (transaction body unavailable for replay)', txHash)
  try {
    await provider.call({ from: tx.from, to: tx.to, data: tx.data, value: tx.value, blockTag: receipt.blockNumber })
  } catch (e) {
    return revertError(decodeRevertData(revertDataOf(e)), txHash, e)
  }
  return revertError(`reverted with status 0 at block ${receipt.blockNumber}; the replay succeeds (out of gas?)`, txHash)
}
