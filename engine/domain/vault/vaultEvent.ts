/** Everything that can happen to a vault, as plain data: the backtest loop and the live runtime both turn what
 * happened into these events and feed them to `reduceVault`. Amounts are bigint base units; times are UTC ms. */
import type { UnixMs } from '../units.ts'
import type { EpochPhase } from './vaultState.ts'
import type { AssetRaw, ShareRaw } from './vaultShares.ts'

/** Account events: accepted in every phase. */
export type VaultAccountEvent =
  /** Queue `assets` for minting at the next roll's price per share. */
  | { readonly type: 'deposit'; readonly account: string; readonly assets: AssetRaw }
  /** Take back part or all of a queued (not yet minted) deposit, exactly, at once: it moves to payouts. */
  | { readonly type: 'cancelDeposit'; readonly account: string; readonly assets: AssetRaw }
  /** Lock `shares` for withdrawal at the close of this epoch (of the next one when this epoch is already settled). */
  | { readonly type: 'withdrawRequest'; readonly account: string; readonly shares: ShareRaw }
  /** Pay out everything owed to the account; the caller transfers `payouts[account]` read from the state before. */
  | { readonly type: 'claim'; readonly account: string }

/** Lifecycle events: each is accepted in exactly one phase (see EPOCH_TRANSITIONS). */
export type VaultLifecycleEvent =
  | { readonly type: 'takePositions'; readonly atMs: UnixMs }
  | { readonly type: 'expire'; readonly atMs: UnixMs }
  /** The epoch's P&L in asset base units (negative for a loss), before fees. */
  | { readonly type: 'settle'; readonly atMs: UnixMs; readonly pnlAssets: bigint }
  | { readonly type: 'roll'; readonly atMs: UnixMs }

export type VaultEvent = VaultAccountEvent | VaultLifecycleEvent

/** For each lifecycle event, the phase it needs and the phase it leads to. Any other pair throws
 * EpochTransitionError.
 * @example EPOCH_TRANSITIONS.settle // { from: 'expired', to: 'settled' } */
export const EPOCH_TRANSITIONS: Readonly<Record<VaultLifecycleEvent['type'], { readonly from: EpochPhase; readonly to: EpochPhase }>> = {
  takePositions: { from: 'open', to: 'positionsTaken' },
  expire: { from: 'positionsTaken', to: 'expired' },
  settle: { from: 'expired', to: 'settled' },
  roll: { from: 'settled', to: 'open' },
}
