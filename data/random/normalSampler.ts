import type { UniformSource } from './uniformSource.ts'

/** Standard normal draws by Marsaglia's polar method (Marsaglia and Bray, SIAM Review 6(3), 1964).
 * Each accepted pair of uniforms gives two normals; the second is kept for the next call, so the stream
 * depends only on the uniform stream. Chosen over Ziggurat for being short enough to check by eye, and over
 * Box-Muller because it needs no sin/cos. It uses `Math.log`, whose last bit the language leaves to the
 * engine: streams are identical on every machine running Node (V8 computes log with the same portable
 * fdlibm code on every platform), not necessarily across different JavaScript engines.
 * @example const n = new NormalSampler(new Xoshiro128(1)); n.next() // a draw from N(0, 1) */
export class NormalSampler {
  private spare = 0
  private hasSpare = false

  constructor(private readonly rng: UniformSource) {}

  /** One draw from N(0, 1). */
  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false
      return this.spare
    }
    let u: number
    let v: number
    let s: number
    do {
      u = 2 * this.rng.uniform() - 1
      v = 2 * this.rng.uniform() - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const m = Math.sqrt((-2 * Math.log(s)) / s)
    this.spare = v * m
    this.hasSpare = true
    return u * m
  }

  /** Fills `out` with N(0, 1) draws, the same values `next()` would give one by one. */
  fill(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.next()
    return out
  }
}
