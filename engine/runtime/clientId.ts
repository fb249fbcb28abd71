/** Deterministic client order ids: the same run, epoch, bar and place in the hook give the same id, so a replay
 * or a restarted live run never places an order twice (the venue is idempotent on the id). */

/** 64-bit FNV-1a of a string, as 16 hex digits. Not cryptographic: it only has to be stable and spread well. */
export function fnv1a64Hex(text: string): string {
  let h = 0xcbf29ce484222325n
  const prime = 0x100000001b3n
  const mask = 0xffffffffffffffffn
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i))
    h = (h * prime) & mask
  }
  return h.toString(16).padStart(16, '0')
}

export interface ClientIdParts {
  /** Names the run: a backtest derives it from the config, data window and seed; a live run from its journal. */
  readonly runId: string
  readonly epoch: number
  readonly barIndex: number
  /** The hook (or runtime step, e.g. 'hedge') that queued the intent: two hooks on one bar never share an id. */
  readonly hook: string
  /** Order of the intent within one hook call, from 0. */
  readonly seq: number
}

/** `ov-` plus a hash of (run, epoch, bar, sequence).
 * @example orderClientId({ runId: 'cc-2024', epoch: 3, barIndex: 120, hook: 'onBar', seq: 0 }) // 'ov-…' (same input, same id) */
export function orderClientId(p: ClientIdParts): string {
  return `ov-${fnv1a64Hex(`${p.runId}|${p.epoch}|${p.barIndex}|${p.hook}|${p.seq}`)}`
}
