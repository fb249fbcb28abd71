import { OptvaultError } from '../../engine/errors/base.ts'

const MASK64 = (1n << 64n) - 1n

/** The first `count` outputs of SplitMix64 started at `seed`, as unsigned 64-bit bigints.
 * Only used to expand a user's seed into generator state, so BigInt's cost does not matter here; the
 * generator itself runs on uint32 arithmetic. Outputs match Vigna's reference splitmix64.c
 * (prng.di.unimi.it): seed 0 gives 0xe220a8397b1dcdaf first.
 * @example splitMix64(0n, 1) // [0xe220a8397b1dcdafn] */
export function splitMix64(seed: bigint, count: number): bigint[] {
  let state = seed & MASK64
  const out: bigint[] = []
  for (let i = 0; i < count; i++) {
    state = (state + 0x9e3779b97f4a7c15n) & MASK64
    let z = state
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64
    out.push(z ^ (z >> 31n))
  }
  return out
}

/** A seed as the user gives it (a safe non-negative integer or a bigint below 2^64), as a bigint. */
export function seedToBigInt(seed: number | bigint): bigint {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new OptvaultError(`Seed must be a non-negative safe integer, got ${seed}.`,
        { fix: 'Pass an integer between 0 and 2^53-1, or a bigint below 2^64.' })
    }
    return BigInt(seed)
  }
  if (seed < 0n || seed > MASK64) {
    throw new OptvaultError(`Seed must be between 0 and 2^64-1, got ${seed}.`)
  }
  return seed
}
