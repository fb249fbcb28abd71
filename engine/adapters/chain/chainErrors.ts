import { OptvaultError } from '../../errors/base.ts'

/** Base of every failure of an on-chain transaction. `retryable` tells the runtime whether sending again (with the
 * same clientId, so never twice) can succeed without a human; `txHash` is set once the transaction was signed. */
export class ChainTxError extends OptvaultError {
  override name = 'ChainTxError'
  constructor(shortMessage: string, readonly retryable: boolean, o: { txHash?: string; fix?: string; cause?: unknown } = {}) {
    super(shortMessage, { ...(o.txHash ? { where: `tx ${o.txHash}` } : {}), ...(o.fix ? { fix: o.fix } : {}), cause: o.cause })
    this.txHash = o.txHash
  }
  readonly txHash: string | undefined
}

/** The swap would return less (or cost more) than the oracle-bound limit: Uniswap's "Too little received" /
 * "Too much requested", or our own quote check before sending. The pool moved away from the oracle price.
 * @example throw new SlippageExceededError('router: Too little received', { txHash }) */
export class SlippageExceededError extends ChainTxError {
  override name = 'SlippageExceededError'
  constructor(detail: string, o: { txHash?: string; cause?: unknown } = {}) {
    super(`swap exceeds the slippage limit: ${detail}.`, true, {
      ...o, fix: 'The pool price is away from the oracle price (thin liquidity or manipulation); retry later or raise maxSlippageBps.',
    })
  }
}

/** The router refused the swap because its deadline passed ("Transaction too old"): it waited too long in the
 * mempool, or the host clock is behind the chain's.
 * @example throw new DeadlineExpiredError({ txHash }) */
export class DeadlineExpiredError extends ChainTxError {
  override name = 'DeadlineExpiredError'
  constructor(o: { txHash?: string; cause?: unknown } = {}) {
    super('swap deadline passed before the transaction was mined ("Transaction too old").', true, {
      ...o, fix: 'Raise deadlineSec, or raise the priority tip so the transaction is mined sooner; check the host clock.',
    })
  }
}

/** Any other revert, with the decoded reason (an `Error(string)`, a `Panic(code)` or raw custom-error data).
 * @example throw new TxRevertedError('STF', { txHash }) */
export class TxRevertedError extends ChainTxError {
  override name = 'TxRevertedError'
  constructor(readonly reason: string, o: { txHash?: string; cause?: unknown; fix?: string } = {}) {
    super(`transaction reverted: ${reason}.`, false, o)
  }
}

/** The node no longer knows the transaction and its nonce is still unused: it was evicted from the mempool.
 * Nothing happened on chain. Retryable, but only after the nonce is resynced (the venue does it).
 * @example throw new DroppedTransactionError('0xab…', 12) */
export class DroppedTransactionError extends ChainTxError {
  override name = 'DroppedTransactionError'
  constructor(txHash: string, readonly nonce: number) {
    super(`transaction with nonce ${nonce} was dropped from the mempool and never mined.`, true, {
      txHash, fix: 'Nothing was executed; submit again (the same clientId resends once) or raise the fee caps.',
    })
  }
}

/** Another transaction with the same nonce was mined instead of ours (a manual replacement, or another process
 * using the same key). Ours can never be mined now. Not retryable blindly: find out who spent the nonce.
 * @example throw new TransactionReplacedError('0xab…', 12) */
export class TransactionReplacedError extends ChainTxError {
  override name = 'TransactionReplacedError'
  constructor(txHash: string, readonly nonce: number) {
    super(`transaction with nonce ${nonce} was replaced: another transaction used that nonce.`, false, {
      txHash, fix: 'Check the account on a block explorer; only one process may sign with this key.',
    })
  }
}

/** The base fee is above what the configured cap can pay, so a transaction sent now would sit unmined.
 * @example throw new FeeCapExceededError(300_000_000_000n, 2_000_000_000n, 100_000_000_000n) */
export class FeeCapExceededError extends ChainTxError {
  override name = 'FeeCapExceededError'
  constructor(readonly baseFeeWei: bigint, readonly tipWei: bigint, readonly capWei: bigint) {
    super(`base fee ${baseFeeWei} wei + tip ${tipWei} wei is above the fee cap of ${capWei} wei.`, true, {
      fix: 'Wait for gas to fall, or raise fees.maxFeePerGasCapWei.',
    })
  }
}

/** Not mined (or not confirmed deep enough) within the wait limit. The transaction may still be mined later: the
 * clientId map keeps its hash so a retry looks it up instead of sending again.
 * @example throw new ConfirmationTimeoutError('0xab…', 120_000) */
export class ConfirmationTimeoutError extends ChainTxError {
  override name = 'ConfirmationTimeoutError'
  constructor(txHash: string, readonly waitedMs: number) {
    super(`transaction not confirmed after ${waitedMs} ms.`, true, {
      txHash, fix: 'Retry with the same clientId: it finds this transaction instead of sending another.',
    })
  }
}
