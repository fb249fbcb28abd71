import { VaultInvariantError } from '../../errors/vault.ts'

/** Which way an integer division rounds. Vault math always picks the side that favours the vault. */
export type Rounding = 'down' | 'up'

/** `a * b / d` on non-negative bigints, rounded as asked. The product is exact (bigint), so unlike Solidity's
 * mulDiv there is no 512-bit trick to need.
 * @example mulDiv(10n, 3n, 4n, 'down') // 7n
 * @example mulDiv(10n, 3n, 4n, 'up')   // 8n */
export function mulDiv(a: bigint, b: bigint, d: bigint, rounding: Rounding): bigint {
  if (a < 0n || b < 0n || d <= 0n) throw new VaultInvariantError(`mulDiv needs a, b >= 0 and d > 0, got ${a} * ${b} / ${d}`)
  const p = a * b
  const q = p / d
  return rounding === 'up' && q * d !== p ? q + 1n : q
}
