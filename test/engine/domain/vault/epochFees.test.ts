import { describe, expect, test } from 'vitest'
import { epochFees, type EpochFeeInput } from '../../../../engine/domain/vault/epochFees.ts'
import { VaultInvariantError } from '../../../../engine/errors/vault.ts'

const DAY_MS = 86_400_000
// A vault of 1000 USDC (6 decimals) with 1e9 share units (decimalsOffset 0), 2%/yr management, 10% performance.
const base: EpochFeeInput = {
  startAssets: 1_000_000_000n, pnlAssets: 0n, totalShares: 1_000_000_000n, epochMs: 7 * DAY_MS,
  managementFeeBpsPerYear: 200, performanceFeeBps: 1000, highWaterMark: null, feePayment: 'assets', decimalsOffset: 0,
}

// Hand-computed table; every number is worked out in the comment on its row.
// Management fee for 7 days: 1_000_000_000 * 200/10_000 * 7/365 = 383_561.64 -> 383_561 (rounded down).
const rows: { name: string; input: Partial<EpochFeeInput>; want: Record<string, bigint> }[] = [
  {
    name: 'gain, fees in assets',
    // G = 1e9 + 20_000_000 = 1_020_000_000; P = 10% of 20_000_000 = 2_000_000; F = 383_561 + 2_000_000 = 2_383_561;
    // assets after = 1_020_000_000 - 2_383_561 = 1_017_616_439
    input: { pnlAssets: 20_000_000n },
    want: { grossAssets: 1_020_000_000n, managementFeeAssets: 383_561n, chargeableGainAssets: 20_000_000n, performanceFeeAssets: 2_000_000n, totalFeeAssets: 2_383_561n, feeShares: 0n, assetsAfterFees: 1_017_616_439n },
  },
  {
    name: 'loss: management fee only',
    // G = 1e9 - 50_000_000 = 950_000_000; no gain so P = 0; assets after = 950_000_000 - 383_561 = 949_616_439
    input: { pnlAssets: -50_000_000n },
    want: { grossAssets: 950_000_000n, managementFeeAssets: 383_561n, chargeableGainAssets: 0n, performanceFeeAssets: 0n, totalFeeAssets: 383_561n, feeShares: 0n, assetsAfterFees: 949_616_439n },
  },
  {
    name: 'gain, fees in shares (dilution)',
    // Same F = 2_383_561. Shares f = F * (S + 10^0) / (G + 1 - F) = 2_383_561 * 1_000_000_001 / 1_017_616_440
    // = 2_342_298.05 -> 2_342_298. Assets stay: 1_020_000_000.
    input: { pnlAssets: 20_000_000n, feePayment: 'shares' },
    want: { grossAssets: 1_020_000_000n, totalFeeAssets: 2_383_561n, feeShares: 2_342_298n, assetsAfterFees: 1_020_000_000n },
  },
  {
    name: 'high-water mark above the epoch start: only the gain above the mark is charged',
    // Mark: 1e9 shares were worth 1_100_000_000 (price 1.10). Mark value of 1e9 shares = 1_100_000_000.
    // G = 1e9 + 150_000_000 = 1_150_000_000; chargeable = 1_150_000_000 - max(1e9, 1_100_000_000) = 50_000_000;
    // P = 10% = 5_000_000; F = 383_561 + 5_000_000 = 5_383_561; after = 1_150_000_000 - 5_383_561 = 1_144_616_439
    input: { pnlAssets: 150_000_000n, highWaterMark: { assets: 1_100_000_000n, shares: 1_000_000_000n } },
    want: { chargeableGainAssets: 50_000_000n, performanceFeeAssets: 5_000_000n, totalFeeAssets: 5_383_561n, assetsAfterFees: 1_144_616_439n },
  },
  {
    name: 'high-water mark above the gross: no performance fee',
    // Mark price 1.20 -> 1_200_000_000 > G = 1_150_000_000: chargeable 0, only management 383_561.
    input: { pnlAssets: 150_000_000n, highWaterMark: { assets: 1_200_000_000n, shares: 1_000_000_000n } },
    want: { chargeableGainAssets: 0n, performanceFeeAssets: 0n, totalFeeAssets: 383_561n },
  },
  {
    name: 'high-water mark below the epoch start: the whole gain is charged',
    // Mark price 0.90 -> 900_000_000 < A0 = 1e9, so the floor is A0 and chargeable = pnl = 10_000_000; P = 1_000_000.
    input: { pnlAssets: 10_000_000n, highWaterMark: { assets: 900_000_000n, shares: 1_000_000_000n } },
    want: { chargeableGainAssets: 10_000_000n, performanceFeeAssets: 1_000_000n },
  },
  {
    name: '30-day epoch: management fee pro rata by length',
    // 1_000_000_000 * 200/10_000 * 30/365 = 1_643_835.62 -> 1_643_835
    input: { epochMs: 30 * DAY_MS },
    want: { managementFeeAssets: 1_643_835n, performanceFeeAssets: 0n, assetsAfterFees: 998_356_165n },
  },
  {
    name: 'management fee capped at the gross assets after a near-total loss',
    // G = 1e9 - 999_999_900 = 100 < 383_561, so M = 100 and nothing is left.
    input: { pnlAssets: -999_999_900n },
    want: { grossAssets: 100n, managementFeeAssets: 100n, assetsAfterFees: 0n },
  },
  {
    name: 'no shares outstanding: nobody to charge',
    input: { startAssets: 0n, totalShares: 0n, pnlAssets: 0n },
    want: { grossAssets: 0n, totalFeeAssets: 0n, feeShares: 0n },
  },
]

describe('epochFees hand-computed table', () => {
  for (const row of rows) {
    test(row.name, () => {
      const got = epochFees({ ...base, ...row.input }) as unknown as Record<string, bigint>
      for (const [k, v] of Object.entries(row.want)) expect(got[k], k).toBe(v)
    })
  }

  test('fee shares are worth the fee, to the unit, at the post-mint ERC-4626 price', () => {
    const f = epochFees({ ...base, pnlAssets: 20_000_000n, feePayment: 'shares' })
    // value of f shares = f * (G + 1) / (S + 1 + f), rounded down; at most F, and within 1 unit of it
    const value = (f.feeShares * (f.grossAssets + 1n)) / (base.totalShares + 1n + f.feeShares)
    expect(value).toBeLessThanOrEqual(f.totalFeeAssets)
    expect(f.totalFeeAssets - value).toBeLessThanOrEqual(2n)
  })

  test('a loss larger than the assets is a broken invariant', () => {
    expect(() => epochFees({ ...base, pnlAssets: -1_000_000_001n })).toThrow(VaultInvariantError)
    expect(() => epochFees({ ...base, pnlAssets: -1_000_000_001n })).toThrow(/loss 1000000001 exceeds the 1000000000 assets/)
  })
})
