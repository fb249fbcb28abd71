/** Deterministic client order ids: the same run, epoch, bar and place in the hook give the same id, so a replay
 * or a restarted live run never places an order twice (the venue is idempotent on the id). */

/** 64-bit FNV-1a of a string's UTF-16 code units, as 16 hex digits. Not cryptographic: it only has to be stable
 * and spread well. Computed in four 16-bit limbs (no BigInt), since every order intent hashes one id. */
export function fnv1a64Hex(text: string): string {
  // offset basis 0xcbf29ce484222325, limbs least significant first
  let h0 = 0x2325, h1 = 0x8422, h2 = 0x9ce4, h3 = 0xcbf2
  for (let i = 0; i < text.length; i++) {
    h0 ^= text.charCodeAt(i)
    // times the FNV prime 0x100000001b3 = 2^40 + 0x1b3, mod 2^64: limb 2 of the prime is 0x100, limb 0 is 0x1b3
    const t0 = h0 * 0x1b3
    const t1 = h1 * 0x1b3 + (t0 >>> 16)
    const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16)
    const t3 = h3 * 0x1b3 + h1 * 0x100 + (t2 >>> 16)
    h0 = t0 & 0xffff; h1 = t1 & 0xffff; h2 = t2 & 0xffff; h3 = t3 & 0xffff
  }
  const hex = (x: number) => x.toString(16).padStart(4, '0')
  return hex(h3) + hex(h2) + hex(h1) + hex(h0)
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
