import type { Provider } from 'ethers'

/** True for the node's ways of saying "this nonce is used or taken by another transaction": geth "nonce too low",
 * Hardhat "Nonce too low. Expected nonce to be…", "replacement transaction underpriced", and ethers' NONCE_EXPIRED /
 * REPLACEMENT_UNDERPRICED codes. Not "already known": that is the node holding our very transaction, and re-signing
 * it with a fresh nonce would send the order twice (see isAlreadyKnown). */
export function isNonceClash(e: unknown): boolean {
  const o = e as { code?: unknown; message?: unknown; shortMessage?: unknown }
  if (o?.code === 'NONCE_EXPIRED' || o?.code === 'REPLACEMENT_UNDERPRICED') return true
  const text = `${String(o?.shortMessage ?? '')} ${String(o?.message ?? '')}`.toLowerCase()
  return text.includes('nonce too low') || text.includes('nonce has already been used') ||
    text.includes('replacement transaction underpriced') || text.includes('replacement fee too low')
}

/** The node already has this exact transaction (same hash): a broadcast of bytes it got before. Success, not a
 * failure: the transaction is in its mempool or mined. */
export function isAlreadyKnown(e: unknown): boolean {
  const o = e as { message?: unknown; shortMessage?: unknown }
  const text = `${String(o?.shortMessage ?? '')} ${String(o?.message ?? '')}`.toLowerCase()
  return text.includes('already known') || text.includes('already imported') || text.includes('known transaction')
}

/** Hands out nonces for one account. Sends through it are serialised (the lock covers signing and broadcast, not
 * the wait for a receipt), so two concurrent sends never pick the same nonce. When the node says a nonce is taken
 * (another process signs with the same key, or a transaction of ours was mined elsewhere), it resyncs from the
 * node's pending count and tries again, up to `maxClashes` times.
 * @example
 * const nonces = new NonceManager(provider, wallet.address)
 * await nonces.send(async (nonce) => provider.broadcastTransaction(await wallet.signTransaction({ ...tx, nonce }))) */
export class NonceManager {
  private nextNonce: number | undefined
  private lock: Promise<unknown> = Promise.resolve()
  /** How many clashes were resolved by a resync since creation, for logs and tests. */
  clashes = 0

  constructor(private readonly provider: Provider, readonly address: string, private readonly maxClashes = 3) {}

  /** Runs `broadcast` with the next nonce. It must throw the node's error unchanged when the broadcast fails. */
  send<T>(broadcast: (nonce: number) => Promise<T>): Promise<T> {
    const run = this.lock.then(() => this.sendLocked(broadcast))
    this.lock = run.catch(() => undefined)
    return run
  }

  /** Forget the local count: the next send asks the node. Call after a transaction was dropped. */
  reset(): void { this.nextNonce = undefined }

  private async sendLocked<T>(broadcast: (nonce: number) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const nonce = this.nextNonce ?? await this.provider.getTransactionCount(this.address, 'pending')
      try {
        const r = await broadcast(nonce)
        this.nextNonce = nonce + 1
        return r
      } catch (e) {
        // Whatever failed, the node's count is the truth from here on: a failed broadcast may or may not have
        // reached a mempool.
        this.nextNonce = undefined
        if (!isNonceClash(e) || attempt >= this.maxClashes) throw e
        this.clashes++
      }
    }
  }
}
