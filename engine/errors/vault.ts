import { OptvaultError } from './base.ts'

/** A lifecycle event arrived in the wrong epoch phase. The vault state is unchanged.
 * @example new EpochTransitionError(3, 'settle', 'open', 'expired')
 * // cannot settle epoch 3: it is "open", expected "expired". */
export class EpochTransitionError extends OptvaultError {
  override name = 'EpochTransitionError'
  constructor(readonly epoch: number, readonly event: string, readonly phase: string, readonly expected: string) {
    super(`cannot ${verbOf(event)} epoch ${epoch}: it is "${phase}", expected "${expected}".`, {
      fix: 'Epochs run open -> takePositions -> expire -> settle -> roll; replay the journal in order.',
    })
  }
}

function verbOf(event: string): string {
  return event === 'takePositions' ? 'take positions in' : event
}

/** A deposit would take the vault above its max TVL (assets in the vault plus queued deposits).
 * @example new VaultCapError('alice', 500n, 9_800n, 10_000n) */
export class VaultCapError extends OptvaultError {
  override name = 'VaultCapError'
  constructor(readonly account: string, readonly assets: bigint, readonly tvlAssets: bigint, readonly capAssets: bigint) {
    super(`deposit of ${assets} by "${account}" would take the vault to ${tvlAssets + assets}, above its cap of ${capAssets} (asset base units).`, {
      fix: `Deposit at most ${capAssets > tvlAssets ? capAssets - tvlAssets : 0n}, or raise maxTvlAssets in the vault config.`,
    })
  }
}

/** A deposit below the vault's minimum.
 * @example new MinDepositError('alice', 5n, 100n) */
export class MinDepositError extends OptvaultError {
  override name = 'MinDepositError'
  constructor(readonly account: string, readonly assets: bigint, readonly minAssets: bigint) {
    super(`deposit of ${assets} by "${account}" is below the minimum deposit of ${minAssets} (asset base units).`, {
      fix: `Deposit at least ${minAssets}.`,
    })
  }
}

/** An account asked for more than it has: shares to withdraw, a pending deposit to cancel, or a payout to claim;
 * or the request itself is malformed (a non-positive amount, an empty account id).
 * @example new VaultRequestError('withdrawRequest', 'alice', 'shares', 'must be at most the 40 free shares, got 50') */
export class VaultRequestError extends OptvaultError {
  override name = 'VaultRequestError'
  constructor(readonly event: string, readonly account: string, readonly field: string, problem: string, fix?: string) {
    super(`${event} by "${account}": ${field} ${problem}.`, fix === undefined ? {} : { fix })
  }
}

/** A vault config field is out of range. Raised once, when the vault state is created.
 * @example new VaultConfigError('performanceFeeBps', 'must be an integer from 0 to 10000, got 2500.5') */
export class VaultConfigError extends OptvaultError {
  override name = 'VaultConfigError'
  constructor(readonly field: string, problem: string, fix?: string) {
    super(`vault config ${field} ${problem}.`, fix === undefined ? {} : { fix })
  }
}

/** A broken invariant: the caller fed the reducer something that cannot happen to a fully collateralised vault
 * (a loss larger than the vault's assets, a time running backwards, a corrupt journal).
 * @example new VaultInvariantError('settle pnlAssets -1200 exceeds the 1000 assets of epoch 4') */
export class VaultInvariantError extends OptvaultError {
  override name = 'VaultInvariantError'
  constructor(problem: string, fix?: string) {
    super(problem, fix === undefined ? {} : { fix })
  }
}
