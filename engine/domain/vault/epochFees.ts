/** Fees charged when an epoch settles. The order, and why:
 * 1. Gross assets G = epoch start assets A0 + epoch P&L. The gain is measured before any fee.
 * 2. Management fee M = A0 * managementFeeBpsPerYear / 10_000 * epochMs / (365 days in ms), rounded down,
 *    capped at G. It is charged on A0, the assets the vault managed during the epoch, so it does not depend on
 *    the epoch's result.
 * 3. Performance fee P = chargeable gain * performanceFeeBps / 10_000, rounded down, capped at G - M. The
 *    chargeable gain is the P&L when positive; with a high-water mark it is only the part that lifts the price per
 *    share above the mark: max(0, G - max(A0, mark price * shares)), the mark product rounded up.
 * 4. Fees are paid after both are computed, as one amount F = M + P, so management shares are not diluted by
 *    performance shares (minting them one after the other would pay the recipient M + P - M*P/G, not M + P).
 *    - `assets`: F leaves the vault's assets.
 *    - `shares`: mint f = F * (S + 10^offset) / (G + 1 - F) shares, rounded down: the count whose ERC-4626 value
 *      after minting is F (see vaultShares.ts); holders are diluted by F and the assets stay in the vault.
 * Every fee rounds down: rounding never charges holders more than the stated rate. */
import { MS_PER_YEAR } from '../units.ts'
import { VaultInvariantError } from '../../errors/vault.ts'
import { mulDiv } from './mulDiv.ts'
import type { FeePayment } from './vaultConfig.ts'
import type { AssetRaw, ShareRaw } from './vaultShares.ts'

/** A high-water mark as an exact ratio: `shares` share units were worth `assets` asset units at the mark. */
export interface HighWaterMark { readonly assets: AssetRaw; readonly shares: ShareRaw }

export interface EpochFeeInput {
  /** A0: assets backing the shares when the epoch opened (after that roll's deposits were minted). */
  readonly startAssets: AssetRaw
  /** The epoch's settlement P&L in asset base units; negative for a loss. */
  readonly pnlAssets: bigint
  /** Shares outstanding during the epoch (they cannot change between roll and settle). */
  readonly totalShares: ShareRaw
  /** Epoch length in ms (expire time minus roll time), for the pro rata management fee. */
  readonly epochMs: number
  readonly managementFeeBpsPerYear: number
  readonly performanceFeeBps: number
  /** null: no high-water mark (every positive gain is chargeable) or no mark set yet. */
  readonly highWaterMark: HighWaterMark | null
  readonly feePayment: FeePayment
  readonly decimalsOffset: number
}

export interface EpochFees {
  /** G = startAssets + pnlAssets, before fees. */
  readonly grossAssets: AssetRaw
  readonly managementFeeAssets: AssetRaw
  /** The gain the performance fee applies to (after the high-water mark, if any). */
  readonly chargeableGainAssets: AssetRaw
  readonly performanceFeeAssets: AssetRaw
  /** F = management + performance. */
  readonly totalFeeAssets: AssetRaw
  /** Shares minted to the fee recipient; 0n when fees are paid in assets. */
  readonly feeShares: ShareRaw
  /** Assets left backing the shares after fees: G - F for `assets`, G for `shares` (the fee is dilution). */
  readonly assetsAfterFees: AssetRaw
}

/** Management and performance fees of one epoch (pure, exact bigint arithmetic; see the module comment for order).
 * @example epochFees({ startAssets: 1_000_000n, pnlAssets: 50_000n, totalShares: 1_000_000n, epochMs: 7 * 86_400_000,
 *   managementFeeBpsPerYear: 200, performanceFeeBps: 1000, highWaterMark: null, feePayment: 'assets', decimalsOffset: 0 })
 * // management 383 (1_000_000 * 2% * 7/365 = 383.56, down), performance 5_000 (10% of 50_000), assetsAfterFees 1_044_617 */
export function epochFees(input: EpochFeeInput): EpochFees {
  const { startAssets: a0, pnlAssets: pnl, totalShares: s } = input
  if (!Number.isSafeInteger(input.epochMs) || input.epochMs < 0) {
    throw new VaultInvariantError(`epoch length must be a whole number of ms >= 0, got ${input.epochMs}`)
  }
  const gross = a0 + pnl
  if (gross < 0n) {
    throw new VaultInvariantError(`settlement loss ${-pnl} exceeds the ${a0} assets the epoch started with`,
      'A fully collateralised vault cannot lose more than its assets; check the P&L sign and units (asset base units).')
  }
  if (s === 0n) {
    // Nobody holds shares, so nobody can be charged; whatever P&L there is stays with the vault.
    return { grossAssets: gross, managementFeeAssets: 0n, chargeableGainAssets: 0n, performanceFeeAssets: 0n, totalFeeAssets: 0n, feeShares: 0n, assetsAfterFees: gross }
  }
  const mgmtUncapped = mulDiv(a0, BigInt(input.managementFeeBpsPerYear) * BigInt(input.epochMs), 10_000n * BigInt(MS_PER_YEAR), 'down')
  const management = mgmtUncapped < gross ? mgmtUncapped : gross
  let floor = a0
  if (input.highWaterMark !== null) {
    const mark = mulDiv(s, input.highWaterMark.assets, input.highWaterMark.shares, 'up')
    if (mark > floor) floor = mark
  }
  const chargeable = gross > floor ? gross - floor : 0n
  const perfUncapped = mulDiv(chargeable, BigInt(input.performanceFeeBps), 10_000n, 'down')
  const performance = perfUncapped < gross - management ? perfUncapped : gross - management
  const total = management + performance
  if (input.feePayment === 'assets') {
    return { grossAssets: gross, managementFeeAssets: management, chargeableGainAssets: chargeable, performanceFeeAssets: performance, totalFeeAssets: total, feeShares: 0n, assetsAfterFees: gross - total }
  }
  const feeShares = mulDiv(total, s + 10n ** BigInt(input.decimalsOffset), gross + 1n - total, 'down')
  return { grossAssets: gross, managementFeeAssets: management, chargeableGainAssets: chargeable, performanceFeeAssets: performance, totalFeeAssets: total, feeShares, assetsAfterFees: gross }
}
