import type { ChainColumns } from '../barColumns.ts'

/** Builds ChainColumns row by row for the chain readers (chains are small: thousands of rows per snapshot). */
export class ChainBuilder {
  private readonly rows: { t: number; inst: string; exp: number; k: number; call: number; v: number[] }[] = []

  /** `v` is [bid, ask, mark, bidIv, askIv, markIv, underlyingPrice, openInterest], NaN for missing. */
  push(tMs: number, instrument: string, expiryMs: number, strike: number, isCall: boolean, v: readonly number[]): void {
    this.rows.push({ t: tMs, inst: instrument, exp: expiryMs, k: strike, call: isCall ? 1 : 0, v: [...v] })
  }

  build(): ChainColumns {
    const n = this.rows.length
    const f = (): Float64Array => new Float64Array(n)
    const c = { length: n, tMs: f(), instrument: this.rows.map((r) => r.inst), expiryMs: f(), strike: f(), isCall: new Uint8Array(n),
      bid: f(), ask: f(), mark: f(), bidIv: f(), askIv: f(), markIv: f(), underlyingPrice: f(), openInterest: f() }
    const values = [c.bid, c.ask, c.mark, c.bidIv, c.askIv, c.markIv, c.underlyingPrice, c.openInterest]
    this.rows.forEach((r, i) => {
      c.tMs[i] = r.t; c.expiryMs[i] = r.exp; c.strike[i] = r.k; c.isCall[i] = r.call
      values.forEach((col, j) => { col[i] = r.v[j]! })
    })
    return c
  }
}
