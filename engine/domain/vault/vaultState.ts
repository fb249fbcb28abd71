/** The whole state of one vault: what the epoch reducer reads and returns. Immutable: the reducer returns a new
 * object and never mutates its input, so a journal can keep every state it has seen. Plain data: everything is
 * JSON-serialisable except bigints (vaultJson.ts handles those). Account maps are plain objects keyed by account
 * id; read them with `amountOf`, never `map[id]` (an id such as "constructor" would read the prototype). */
import type { UnixMs } from '../units.ts'
import { validateVaultConfig, type VaultConfig } from './vaultConfig.ts'
import type { EpochFees, HighWaterMark } from './epochFees.ts'
import type { AssetRaw, ShareBook, ShareRaw } from './vaultShares.ts'

/** Lifecycle of an epoch: open -> positionsTaken -> expired -> settled, then `roll` opens the next epoch. */
export type EpochPhase = 'open' | 'positionsTaken' | 'expired' | 'settled'

/** Amount per account id: asset or share base units. Accounts with 0 are removed. */
export type AccountAmounts = Readonly<Record<string, bigint>>

/** What the last settlement did, kept for reports and the live journal. */
export interface EpochSettlement extends EpochFees {
  readonly epoch: number
  readonly pnlAssets: bigint
  readonly epochMs: number
  readonly settledMs: UnixMs
  /** Price of one whole share after fees: the price queued withdrawals were paid at (asset base units). */
  readonly closingPricePerShare: AssetRaw
  /** Shares burnt and assets moved to payouts for the withdrawals queued in this epoch. */
  readonly withdrawnShares: ShareRaw
  readonly withdrawnAssets: AssetRaw
}

export interface VaultState {
  readonly config: VaultConfig
  /** Epoch number. 0 is the funding epoch: the vault starts "settled" there, so the first roll mints the first
   * deposits at the initial price and opens epoch 1. */
  readonly epoch: number
  readonly phase: EpochPhase
  /** When the current epoch was rolled open, and when it expired (null until then). */
  readonly epochStartMs: UnixMs
  readonly epochExpiredMs: UnixMs | null
  /** Assets backing the minted shares. Excludes queued deposits and payouts: those are not at risk. */
  readonly totalAssets: AssetRaw
  readonly totalShares: ShareRaw
  /** totalAssets when the epoch was rolled open: A0 of the fee calculation. */
  readonly epochStartAssets: AssetRaw
  /** Minted shares per account, including shares locked in a withdrawal request. */
  readonly shares: AccountAmounts
  /** Deposits waiting for the next roll, per account, in assets. Not at risk, withdrawable instantly. */
  readonly pendingDeposits: AccountAmounts
  readonly totalPendingAssets: AssetRaw
  /** Shares locked by a withdrawal request, paid at the close of the epoch they are booked to. */
  readonly queuedWithdrawShares: AccountAmounts
  readonly totalQueuedShares: ShareRaw
  /** Assets owed to each account (withdrawals, cancelled deposits, fees paid in assets) until it claims them. */
  readonly payouts: AccountAmounts
  readonly totalPayoutAssets: AssetRaw
  /** Only kept when config.highWaterMark; null until the first settlement with shares outstanding. */
  readonly highWaterMark: HighWaterMark | null
  readonly lastSettlement: EpochSettlement | null
}

/** A fresh vault in the funding epoch 0, phase "settled": it takes deposits, and `roll` opens epoch 1.
 * Throws VaultConfigError on a bad config.
 * @example const s0 = initialVaultState(config, Date.UTC(2024, 0, 5, 8)) // s0.epoch === 0, s0.phase === 'settled' */
export function initialVaultState(config: VaultConfig, startMs: UnixMs): VaultState {
  validateVaultConfig(config)
  return {
    config, epoch: 0, phase: 'settled', epochStartMs: startMs, epochExpiredMs: null,
    totalAssets: 0n, totalShares: 0n, epochStartAssets: 0n,
    shares: {}, pendingDeposits: {}, totalPendingAssets: 0n, queuedWithdrawShares: {}, totalQueuedShares: 0n,
    payouts: {}, totalPayoutAssets: 0n, highWaterMark: null, lastSettlement: null,
  }
}

/** The amount an account map holds for `account`, 0n when absent.
 * @example amountOf({ alice: 5n }, 'bob') // 0n */
export function amountOf(map: AccountAmounts, account: string): bigint {
  return Object.hasOwn(map, account) ? (map[account] as bigint) : 0n
}

/** A copy of `map` with `account` changed by `delta`; entries that reach 0 are dropped.
 * @example withAmount({ alice: 5n }, 'alice', -5n) // {} */
export function withAmount(map: AccountAmounts, account: string, delta: bigint): AccountAmounts {
  const next = amountOf(map, account) + delta
  const out: Record<string, bigint> = { ...map }
  if (next === 0n) delete out[account]
  else Object.defineProperty(out, account, { value: next, enumerable: true, writable: true, configurable: true })
  return out
}

/** The ERC-4626 view of the state, for vaultShares.ts conversions.
 * @example convertToAssets(shareBook(state), amountOf(state.shares, 'alice')) */
export function shareBook(state: VaultState): ShareBook {
  return { totalAssets: state.totalAssets, totalShares: state.totalShares, decimalsOffset: state.config.decimalsOffset }
}

/** Assets the vault holds in custody: backing shares, queued deposits and payouts owed.
 * @example custodyAssets(initialVaultState(config, 0)) // 0n */
export function custodyAssets(state: VaultState): AssetRaw {
  return state.totalAssets + state.totalPendingAssets + state.totalPayoutAssets
}
