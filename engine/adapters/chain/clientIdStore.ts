/** A transaction as signed for one clientId: enough to find it again and, if the node lost it, to rebroadcast the
 * very same bytes (same hash, same nonce), which can never execute twice. */
export interface SentTx {
  readonly txHash: string
  readonly nonce: number
  /** The signed, serialised transaction (0x…). */
  readonly rawTx: string
}

/** Where the clientId -> transaction map lives. The live journal persists it (SQLite); `record` is called after
 * signing and BEFORE broadcasting, so a crash between the two still finds the transaction on restart. */
export interface ClientIdStore {
  lookup(clientId: string): SentTx | undefined | Promise<SentTx | undefined>
  record(clientId: string, sent: SentTx): void | Promise<void>
}

/** The in-memory store: synchronous, and it can say how many clientIds it holds. */
export interface MemoryClientIdStore extends ClientIdStore {
  lookup(clientId: string): SentTx | undefined
  record(clientId: string, sent: SentTx): void
  readonly size: number
}

/** The default store: a Map, lost when the process exits. Fine for tests and dry runs; live runs pass the journal.
 * @example const store = memoryClientIdStore(); await store.record('run1-e3-hedge', sent) */
export function memoryClientIdStore(): MemoryClientIdStore {
  const m = new Map<string, SentTx>()
  return {
    lookup: (id) => m.get(id),
    record: (id, sent) => { m.set(id, sent) },
    get size() { return m.size },
  }
}
