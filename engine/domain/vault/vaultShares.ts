/** ERC-4626 share arithmetic on integer base units, rounding always in the vault's favour.
 *
 * Defence against the inflation (donation) attack: like OpenZeppelin's ERC4626 (v4.9+, `_decimalsOffset`), every
 * conversion counts `10^decimalsOffset` virtual shares and 1 virtual asset:
 *   shares = assets * (totalShares + 10^offset) / (totalAssets + 1)
 *   assets = shares * (totalAssets + 1) / (totalShares + 10^offset)
 * so an empty vault has a price; rounding a victim's deposit down to 0 shares takes a donation 10^offset times
 * larger than without the offset, and part of any donation goes to the virtual shares, so the attack costs the
 * attacker money (OpenZeppelin Contracts docs, "ERC4626: the inflation attack"). Shares have
 * `assetDecimals + decimalsOffset` decimals; one asset base unit starts at `10^offset` share base units.
 * The virtual share keeps a claim worth about one asset unit times the price growth: that is the dust. */
import { mulDiv, type Rounding } from './mulDiv.ts'

/** Asset amount in the vault token's smallest unit (USDC: 1e-6 USDC). Never a float. */
export type AssetRaw = bigint
/** Share amount in the share token's smallest unit: `assetDecimals + decimalsOffset` decimals. Never a float. */
export type ShareRaw = bigint

/** What a conversion needs: the assets that back the minted shares (not queued deposits, not payouts) and those shares. */
export interface ShareBook {
  readonly totalAssets: AssetRaw
  readonly totalShares: ShareRaw
  /** Share decimals minus asset decimals; virtual shares = 10^decimalsOffset. */
  readonly decimalsOffset: number
}

const virtualShares = (book: ShareBook): bigint => 10n ** BigInt(book.decimalsOffset)

/** Shares worth `assets`; rounds down by default (a deposit gets no more than it paid for).
 * @example convertToShares({ totalAssets: 0n, totalShares: 0n, decimalsOffset: 6 }, 1_000_000n) // 1_000_000_000_000n */
export function convertToShares(book: ShareBook, assets: AssetRaw, rounding: Rounding = 'down'): ShareRaw {
  return mulDiv(assets, book.totalShares + virtualShares(book), book.totalAssets + 1n, rounding)
}

/** Assets worth `shares`; rounds down by default (a redemption gets no more than its shares are worth).
 * @example convertToAssets({ totalAssets: 2_000n, totalShares: 1_000_000n, decimalsOffset: 3 }, 500_000n) // 999n (500_000 * 2_001 / 1_001_000 = 999.5, down) */
export function convertToAssets(book: ShareBook, shares: ShareRaw, rounding: Rounding = 'down'): AssetRaw {
  return mulDiv(shares, book.totalAssets + 1n, book.totalShares + virtualShares(book), rounding)
}

/** ERC-4626 previewDeposit: shares minted for `assets`, rounded down.
 * @example previewDeposit({ totalAssets: 1_000n, totalShares: 999_000n, decimalsOffset: 3 }, 10n) // 9_990n (10 * 1_000_000 / 1_001 = 9_990.01) */
export function previewDeposit(book: ShareBook, assets: AssetRaw): ShareRaw {
  return convertToShares(book, assets, 'down')
}

/** ERC-4626 previewMint: assets to pay for exactly `shares`, rounded up.
 * @example previewMint({ totalAssets: 1_000n, totalShares: 999_000n, decimalsOffset: 3 }, 9_990n) // 10n (9.99999, up) */
export function previewMint(book: ShareBook, shares: ShareRaw): AssetRaw {
  return convertToAssets(book, shares, 'up')
}

/** ERC-4626 previewWithdraw: shares to burn to take out exactly `assets`, rounded up.
 * @example previewWithdraw({ totalAssets: 1_000n, totalShares: 999_000n, decimalsOffset: 3 }, 10n) // 9_991n (9_990.01, up) */
export function previewWithdraw(book: ShareBook, assets: AssetRaw): ShareRaw {
  return convertToShares(book, assets, 'up')
}

/** ERC-4626 previewRedeem: assets paid for burning `shares`, rounded down.
 * @example previewRedeem({ totalAssets: 1_000n, totalShares: 999_000n, decimalsOffset: 3 }, 9_990n) // 9n (9.99999, down) */
export function previewRedeem(book: ShareBook, shares: ShareRaw): AssetRaw {
  return convertToAssets(book, shares, 'down')
}

/** Price of one whole share (10^(assetDecimals + decimalsOffset) share units) in asset base units, rounded down.
 * @example pricePerShare({ totalAssets: 0n, totalShares: 0n, decimalsOffset: 6 }, 6) // 1_000_000n (1.000000 USDC) */
export function pricePerShare(book: ShareBook, assetDecimals: number): AssetRaw {
  return convertToAssets(book, 10n ** BigInt(assetDecimals + book.decimalsOffset), 'down')
}
