import { EpochTransitionError, MinDepositError, VaultCapError, VaultInvariantError, VaultRequestError } from '../../errors/vault.ts'
import { epochFees } from './epochFees.ts'
import { EPOCH_TRANSITIONS, type VaultEvent, type VaultLifecycleEvent } from './vaultEvent.ts'
import { amountOf, shareBook, withAmount, type AccountAmounts, type VaultState } from './vaultState.ts'
import { convertToAssets, convertToShares, pricePerShare } from './vaultShares.ts'

/** The vault's epoch state machine as a pure reducer: `(state, event) -> new state`. The input is never mutated;
 * an event that is not allowed throws a typed error and leaves the caller's state as it was.
 *
 * Ribbon-style epochs (Ribbon Finance V2 vaults): deposits queue and are minted at the next roll's price per
 * share, so a depositor never buys into an epoch whose positions are already on; withdrawals lock shares during an
 * epoch and are paid at that epoch's closing price per share, after fees, when it settles. Conversions are
 * ERC-4626 with virtual shares (vaultShares.ts), computed for a whole batch against one book, so the order of
 * accounts in a batch does not matter and every rounding favours the vault.
 *
 * settle does, in order: fees (epochFees.ts), then queued withdrawals at the post-fee price, then the high-water mark.
 * @example
 * let s = initialVaultState(config, t0)
 * s = reduceVault(s, { type: 'deposit', account: 'alice', assets: 1_000_000n })
 * s = reduceVault(s, { type: 'roll', atMs: t0 }) // epoch 1 open, alice holds shares
 * s = reduceVault(s, { type: 'takePositions', atMs: t0 })
 * s = reduceVault(s, { type: 'expire', atMs: t0 + 7 * 86_400_000 })
 * s = reduceVault(s, { type: 'settle', atMs: t0 + 7 * 86_400_000, pnlAssets: 12_000n }) */
export function reduceVault(state: VaultState, event: VaultEvent): VaultState {
  switch (event.type) {
    case 'deposit': return deposit(state, event.account, event.assets)
    case 'cancelDeposit': return cancelDeposit(state, event.account, event.assets)
    case 'withdrawRequest': return withdrawRequest(state, event.account, event.shares)
    case 'claim': return claim(state, event.account)
    case 'takePositions':
      checkTransition(state, event)
      checkTimeOrder(state, event)
      return { ...state, phase: 'positionsTaken' }
    case 'expire':
      checkTransition(state, event)
      checkTimeOrder(state, event)
      return { ...state, phase: 'expired', epochExpiredMs: event.atMs }
    case 'settle':
      checkTransition(state, event)
      checkTimeOrder(state, event)
      return settle(state, event.atMs, event.pnlAssets)
    case 'roll':
      checkTransition(state, event)
      checkTimeOrder(state, event)
      return roll(state, event.atMs)
    default: {
      const never: never = event
      throw new VaultInvariantError(`unknown vault event ${JSON.stringify((never as { type: unknown }).type)}`)
    }
  }
}

function checkTransition(state: VaultState, event: VaultLifecycleEvent): void {
  const t = EPOCH_TRANSITIONS[event.type]
  if (state.phase !== t.from) throw new EpochTransitionError(state.epoch, event.type, state.phase, t.from)
}

function checkTimeOrder(state: VaultState, event: VaultLifecycleEvent): void {
  const since = state.epochExpiredMs ?? state.epochStartMs
  if (!Number.isFinite(event.atMs) || event.atMs < since) {
    throw new VaultInvariantError(`${event.type} of epoch ${state.epoch} at ${event.atMs} ms is before the epoch's previous event at ${since} ms`,
      'Event times are UTC ms and must not run backwards.')
  }
}

function checkRequest(event: string, account: string, field: string, amount: bigint): void {
  if (typeof account !== 'string' || account === '') throw new VaultRequestError(event, String(account), 'account', 'must be a non-empty id')
  if (typeof amount !== 'bigint' || amount <= 0n) {
    throw new VaultRequestError(event, account, field, `must be a positive bigint in base units, got ${String(amount)}`)
  }
}

function deposit(state: VaultState, account: string, assets: bigint): VaultState {
  checkRequest('deposit', account, 'assets', assets)
  const { minDepositAssets, maxTvlAssets } = state.config
  if (assets < minDepositAssets) throw new MinDepositError(account, assets, minDepositAssets)
  // The cap counts queued deposits too: they all become vault assets at the next roll.
  const tvl = state.totalAssets + state.totalPendingAssets
  if (tvl + assets > maxTvlAssets) throw new VaultCapError(account, assets, tvl, maxTvlAssets)
  return {
    ...state,
    pendingDeposits: withAmount(state.pendingDeposits, account, assets),
    totalPendingAssets: state.totalPendingAssets + assets,
  }
}

function cancelDeposit(state: VaultState, account: string, assets: bigint): VaultState {
  checkRequest('cancelDeposit', account, 'assets', assets)
  const pending = amountOf(state.pendingDeposits, account)
  if (assets > pending) {
    throw new VaultRequestError('cancelDeposit', account, 'assets', `must be at most the ${pending} still queued, got ${assets}`,
      'Minted deposits are withdrawn with withdrawRequest.')
  }
  return {
    ...state,
    pendingDeposits: withAmount(state.pendingDeposits, account, -assets),
    totalPendingAssets: state.totalPendingAssets - assets,
    payouts: withAmount(state.payouts, account, assets),
    totalPayoutAssets: state.totalPayoutAssets + assets,
  }
}

function withdrawRequest(state: VaultState, account: string, shares: bigint): VaultState {
  checkRequest('withdrawRequest', account, 'shares', shares)
  const free = amountOf(state.shares, account) - amountOf(state.queuedWithdrawShares, account)
  if (shares > free) {
    throw new VaultRequestError('withdrawRequest', account, 'shares', `must be at most the ${free} free (minted, not yet queued) shares, got ${shares}`)
  }
  return {
    ...state,
    queuedWithdrawShares: withAmount(state.queuedWithdrawShares, account, shares),
    totalQueuedShares: state.totalQueuedShares + shares,
  }
}

function claim(state: VaultState, account: string): VaultState {
  const owed = amountOf(state.payouts, account)
  if (owed === 0n) throw new VaultRequestError('claim', account, 'payouts', 'are 0: nothing to claim')
  return { ...state, payouts: withAmount(state.payouts, account, -owed), totalPayoutAssets: state.totalPayoutAssets - owed }
}

function settle(state: VaultState, atMs: number, pnlAssets: bigint): VaultState {
  if (typeof pnlAssets !== 'bigint') throw new VaultInvariantError(`settle pnlAssets must be a bigint in asset base units, got ${String(pnlAssets)}`)
  const { config } = state
  // Shares cannot change inside an epoch, so the vault's assets must still be A0 here.
  if (state.totalAssets !== state.epochStartAssets) {
    throw new VaultInvariantError(`epoch ${state.epoch} assets changed from ${state.epochStartAssets} to ${state.totalAssets} before settlement`)
  }
  const epochMs = (state.epochExpiredMs ?? state.epochStartMs) - state.epochStartMs
  const fees = epochFees({
    startAssets: state.epochStartAssets,
    pnlAssets,
    totalShares: state.totalShares,
    epochMs,
    managementFeeBpsPerYear: config.managementFeeBpsPerYear,
    performanceFeeBps: config.performanceFeeBps,
    highWaterMark: config.highWaterMark ? state.highWaterMark : null,
    feePayment: config.feePayment,
    decimalsOffset: config.decimalsOffset,
  })
  let shares = state.shares
  let payouts = state.payouts
  let totalPayout = state.totalPayoutAssets
  let totalShares = state.totalShares + fees.feeShares
  let totalAssets = fees.assetsAfterFees
  if (fees.feeShares > 0n) shares = withAmount(shares, config.feeRecipient, fees.feeShares)
  if (config.feePayment === 'assets' && fees.totalFeeAssets > 0n) {
    payouts = withAmount(payouts, config.feeRecipient, fees.totalFeeAssets)
    totalPayout += fees.totalFeeAssets
  }
  // Withdrawers pay their share of this epoch's fees: convert at the post-fee book, all against the same book.
  const book = { totalAssets, totalShares, decimalsOffset: config.decimalsOffset }
  const closingPricePerShare = pricePerShare(book, config.assetDecimals)
  let withdrawnAssets = 0n
  for (const [account, queued] of entries(state.queuedWithdrawShares)) {
    const assets = convertToAssets(book, queued, 'down')
    withdrawnAssets += assets
    shares = withAmount(shares, account, -queued)
    if (assets > 0n) payouts = withAmount(payouts, account, assets)
  }
  totalShares -= state.totalQueuedShares
  totalAssets -= withdrawnAssets
  totalPayout += withdrawnAssets
  let highWaterMark = state.highWaterMark
  if (config.highWaterMark && book.totalShares > 0n) {
    // Mark = post-fee, pre-withdrawal price; raise only. Compare a/s > ma/ms as a*ms > ma*s (exact).
    if (highWaterMark === null || book.totalAssets * highWaterMark.shares > highWaterMark.assets * book.totalShares) {
      highWaterMark = { assets: book.totalAssets, shares: book.totalShares }
    }
  }
  return {
    ...state,
    phase: 'settled',
    totalAssets, totalShares, shares, payouts, totalPayoutAssets: totalPayout,
    queuedWithdrawShares: {}, totalQueuedShares: 0n,
    highWaterMark,
    lastSettlement: {
      ...fees, epoch: state.epoch, pnlAssets, epochMs, settledMs: atMs, closingPricePerShare,
      withdrawnShares: state.totalQueuedShares, withdrawnAssets,
    },
  }
}

function roll(state: VaultState, atMs: number): VaultState {
  // Mint every queued deposit against the same pre-roll book: order-independent, each rounded down.
  const book = shareBook(state)
  let shares = state.shares
  let minted = 0n
  for (const [account, assets] of entries(state.pendingDeposits)) {
    const s = convertToShares(book, assets, 'down')
    minted += s
    if (s > 0n) shares = withAmount(shares, account, s)
  }
  const totalAssets = state.totalAssets + state.totalPendingAssets
  return {
    ...state,
    epoch: state.epoch + 1,
    phase: 'open',
    epochStartMs: atMs,
    epochExpiredMs: null,
    totalAssets,
    totalShares: state.totalShares + minted,
    epochStartAssets: totalAssets,
    shares,
    pendingDeposits: {},
    totalPendingAssets: 0n,
  }
}

function entries(map: AccountAmounts): [string, bigint][] {
  return Object.entries(map)
}
