import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import {
  convertToAssets, convertToShares, previewDeposit, previewMint, previewRedeem, previewWithdraw, pricePerShare, type ShareBook,
} from '../../../../engine/domain/vault/vaultShares.ts'
import { mulDiv } from '../../../../engine/domain/vault/mulDiv.ts'
import { VaultInvariantError } from '../../../../engine/errors/vault.ts'

const book = (totalAssets: bigint, totalShares: bigint, decimalsOffset: number): ShareBook => ({ totalAssets, totalShares, decimalsOffset })
const amount = fc.bigInt({ min: 0n, max: 10n ** 24n })
const books = fc.tuple(amount, amount, fc.integer({ min: 0, max: 12 })).map(([a, s, o]) => book(a, s, o))

describe('mulDiv', () => {
  test('rounds down or up, exact products stay exact', () => {
    expect(mulDiv(10n, 3n, 4n, 'down')).toBe(7n)
    expect(mulDiv(10n, 3n, 4n, 'up')).toBe(8n)
    expect(mulDiv(12n, 3n, 4n, 'up')).toBe(9n)
    // beyond 2^256, where Solidity would need a 512-bit product
    const big = 2n ** 300n
    expect(mulDiv(big, big, big, 'down')).toBe(big)
  })
  test('rejects a zero divisor and negative inputs', () => {
    expect(() => mulDiv(1n, 1n, 0n, 'down')).toThrow(VaultInvariantError)
    expect(() => mulDiv(-1n, 1n, 1n, 'down')).toThrow(VaultInvariantError)
  })
})

describe('ERC-4626 conversions with virtual shares', () => {
  test('the JSDoc examples (hand-computed in the comments there)', () => {
    const c = book(1_000n, 999_000n, 3)
    expect(convertToShares(book(0n, 0n, 6), 1_000_000n)).toBe(1_000_000_000_000n)
    expect(convertToAssets(book(2_000n, 1_000_000n, 3), 500_000n)).toBe(999n)
    expect(previewDeposit(c, 10n)).toBe(9_990n)
    expect(previewMint(c, 9_990n)).toBe(10n)
    expect(previewWithdraw(c, 10n)).toBe(9_991n)
    expect(previewRedeem(c, 9_990n)).toBe(9n)
    expect(pricePerShare(book(0n, 0n, 6), 6)).toBe(1_000_000n)
  })

  test('mint and withdraw previews round up, deposit and redeem round down, never more than 1 unit apart', () => {
    fc.assert(fc.property(books, amount, (b, x) => {
      const down = previewDeposit(b, x), up = previewWithdraw(b, x)
      expect(up - down >= 0n && up - down <= 1n).toBe(true)
      const rDown = previewRedeem(b, x), rUp = previewMint(b, x)
      expect(rUp - rDown >= 0n && rUp - rDown <= 1n).toBe(true)
    }))
  })

  test('a round trip never gains: deposit then redeem, mint then withdraw', () => {
    fc.assert(fc.property(books, amount, (b, assets) => {
      const shares = previewDeposit(b, assets)
      const after = book(b.totalAssets + assets, b.totalShares + shares, b.decimalsOffset)
      expect(previewRedeem(after, shares)).toBeLessThanOrEqual(assets)
      // paying previewMint for s shares, then withdrawing those assets, costs at least s shares
      const s = shares
      const paid = previewMint(b, s)
      const after2 = book(b.totalAssets + paid, b.totalShares + s, b.decimalsOffset)
      expect(previewWithdraw(after2, paid)).toBeGreaterThanOrEqual(s)
    }))
  })

  test('a deposit never lowers the price per share of the holders already in', () => {
    fc.assert(fc.property(books, amount, (b, assets) => {
      const shares = previewDeposit(b, assets)
      const after = book(b.totalAssets + assets, b.totalShares + shares, b.decimalsOffset)
      // (A+1)/(S+V) <= (A'+1)/(S'+V), cross-multiplied to stay exact
      const v = 10n ** BigInt(b.decimalsOffset)
      expect((b.totalAssets + 1n) * (after.totalShares + v) <= (after.totalAssets + 1n) * (b.totalShares + v)).toBe(true)
    }))
  })

  test('inflation attack: donation front-running the first deposit costs the attacker (OpenZeppelin ERC4626 docs scenario)', () => {
    // Attacker deposits 1 base unit into an empty USDC vault (offset 6), then donates 10_000 USDC to the vault
    // before the victim's 10_000 USDC deposit lands. Without virtual shares the victim would get 0 shares.
    const attackerShares = previewDeposit(book(0n, 0n, 6), 1n) // 1 * (0 + 1e6) / (0 + 1) = 1_000_000
    expect(attackerShares).toBe(1_000_000n)
    const donated = book(1n + 10_000_000_000n, attackerShares, 6)
    const victimShares = previewDeposit(donated, 10_000_000_000n)
    expect(victimShares).toBeGreaterThan(0n)
    const after = book(donated.totalAssets + 10_000_000_000n, attackerShares + victimShares, 6)
    const attackerOut = previewRedeem(after, attackerShares)
    const victimOut = previewRedeem(book(after.totalAssets - attackerOut, victimShares, 6), victimShares)
    expect(attackerOut).toBeLessThan(1n + 10_000_000_000n) // the attack lost money
    expect(victimOut).toBeGreaterThan(9_999_000_000n) // the victim lost less than 0.01%
  })
})
