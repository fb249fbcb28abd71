import { VaultConfigError } from '../../errors/vault.ts'
import type { AssetRaw } from './vaultShares.ts'

/** How fees reach the fee recipient: `shares` mints new shares to it (diluting holders, assets stay in the
 * vault and keep working); `assets` moves assets out of the vault into its payout balance. */
export type FeePayment = 'shares' | 'assets'

/** Static settings of one vault. Amounts are in asset base units (bigint); fees are integer basis points so the
 * fee arithmetic stays exact in bigint. */
export interface VaultConfig {
  /** Vault asset, e.g. 'USDC' or 'WETH'; informational. */
  readonly assetSymbol: string
  /** Decimals of the asset token (USDC 6, WETH 18). */
  readonly assetDecimals: number
  /** Extra share decimals = log10 of the virtual shares (OpenZeppelin ERC4626 `_decimalsOffset`). 0 to 18. */
  readonly decimalsOffset: number
  /** Cap on assets in the vault plus queued deposits; a deposit above it throws VaultCapError. */
  readonly maxTvlAssets: AssetRaw
  /** Smallest deposit accepted; below it throws MinDepositError. */
  readonly minDepositAssets: AssetRaw
  /** Annual management fee in basis points (200 = 2% a year), accrued per epoch by epoch length on a 365-day year. */
  readonly managementFeeBpsPerYear: number
  /** Performance fee in basis points of the epoch's positive gain (2000 = 20%). */
  readonly performanceFeeBps: number
  /** When true, the performance fee applies only to gains that lift the price per share above its previous high. */
  readonly highWaterMark: boolean
  readonly feePayment: FeePayment
  /** Account that receives fee shares or fee assets. */
  readonly feeRecipient: string
}

/** Checks every field and returns the config unchanged, or throws VaultConfigError naming the field.
 * @example validateVaultConfig({ assetSymbol: 'USDC', assetDecimals: 6, decimalsOffset: 6, maxTvlAssets: 10n ** 13n,
 *   minDepositAssets: 10n ** 6n, managementFeeBpsPerYear: 200, performanceFeeBps: 1000, highWaterMark: true,
 *   feePayment: 'shares', feeRecipient: 'treasury' }) */
export function validateVaultConfig(config: VaultConfig): VaultConfig {
  const intIn = (field: keyof VaultConfig, v: number, min: number, max: number) => {
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new VaultConfigError(field, `must be an integer from ${min} to ${max}, got ${v}`)
    }
  }
  intIn('assetDecimals', config.assetDecimals, 0, 36)
  intIn('decimalsOffset', config.decimalsOffset, 0, 18)
  intIn('managementFeeBpsPerYear', config.managementFeeBpsPerYear, 0, 10_000)
  intIn('performanceFeeBps', config.performanceFeeBps, 0, 10_000)
  if (config.minDepositAssets < 1n) {
    throw new VaultConfigError('minDepositAssets', `must be at least 1 base unit, got ${config.minDepositAssets}`)
  }
  if (config.maxTvlAssets < config.minDepositAssets) {
    throw new VaultConfigError('maxTvlAssets', `must be at least minDepositAssets (${config.minDepositAssets}), got ${config.maxTvlAssets}`)
  }
  if (config.feePayment !== 'shares' && config.feePayment !== 'assets') {
    throw new VaultConfigError('feePayment', `must be "shares" or "assets", got ${JSON.stringify(config.feePayment)}`)
  }
  if (typeof config.feeRecipient !== 'string' || config.feeRecipient === '') {
    throw new VaultConfigError('feeRecipient', 'must be a non-empty account id')
  }
  return config
}
