import { describe, expect, test } from 'vitest'
import { reduceVault } from '../../../../engine/domain/vault/reduceVault.ts'
import { EPOCH_TRANSITIONS, type VaultEvent, type VaultLifecycleEvent } from '../../../../engine/domain/vault/vaultEvent.ts'
import { amountOf, custodyAssets, initialVaultState, type EpochPhase, type VaultState } from '../../../../engine/domain/vault/vaultState.ts'
import type { VaultConfig } from '../../../../engine/domain/vault/vaultConfig.ts'
import { vaultStateFromJson, vaultStateToJson } from '../../../../engine/domain/vault/vaultJson.ts'
import {
  EpochTransitionError, MinDepositError, VaultCapError, VaultConfigError, VaultInvariantError, VaultRequestError,
} from '../../../../engine/errors/vault.ts'

const DAY_MS = 86_400_000
const T0 = Date.UTC(2024, 0, 5, 8) // a Friday, 08:00 UTC
const USDC = 1_000_000n
const config: VaultConfig = {
  assetSymbol: 'USDC', assetDecimals: 6, decimalsOffset: 0, maxTvlAssets: 10_000n * USDC, minDepositAssets: 10n * USDC,
  managementFeeBpsPerYear: 200, performanceFeeBps: 1000, highWaterMark: true, feePayment: 'assets', feeRecipient: 'treasury',
}
const run = (s: VaultState, ...events: VaultEvent[]) => events.reduce(reduceVault, s)
const lifecycle = (startMs: number, pnlAssets: bigint): VaultEvent[] => [
  { type: 'takePositions', atMs: startMs },
  { type: 'expire', atMs: startMs + 7 * DAY_MS },
  { type: 'settle', atMs: startMs + 7 * DAY_MS + 60_000, pnlAssets },
  { type: 'roll', atMs: startMs + 7 * DAY_MS + 120_000 },
]

describe('epoch accounting, hand-computed (decimalsOffset 0, so 1 virtual share and 1 virtual asset)', () => {
  test('deposits mint at the roll, withdrawals pay at the post-fee close, fees go to the recipient', () => {
    let s = initialVaultState(config, T0)
    s = run(s,
      { type: 'deposit', account: 'alice', assets: 1_000n * USDC },
      { type: 'deposit', account: 'bob', assets: 500n * USDC })
    expect(s.totalShares).toBe(0n) // queued, not minted
    s = run(s, { type: 'roll', atMs: T0 })
    // empty book: shares = assets * (0 + 1) / (0 + 1)
    expect([s.epoch, s.phase, amountOf(s.shares, 'alice'), amountOf(s.shares, 'bob')]).toEqual([1, 'open', 1_000_000_000n, 500_000_000n])
    s = run(s,
      { type: 'withdrawRequest', account: 'bob', shares: 500_000_000n },
      { type: 'deposit', account: 'carol', assets: 300n * USDC })
    s = run(s, ...lifecycle(T0, 30n * USDC).slice(0, 3))
    // A0 = 1_500_000_000, pnl = +30_000_000 (2%), G = 1_530_000_000.
    // M = 1_500_000_000 * 200/10_000 * 7/365 = 575_342.47 -> 575_342; P = 10% * 30_000_000 = 3_000_000; F = 3_575_342.
    // assets after fees = 1_530_000_000 - 3_575_342 = 1_526_424_658
    const st = s.lastSettlement!
    expect([st.managementFeeAssets, st.performanceFeeAssets, st.assetsAfterFees]).toEqual([575_342n, 3_000_000n, 1_526_424_658n])
    // bob: 500_000_000 * (1_526_424_658 + 1) / (1_500_000_000 + 1) = 508_808_219.33 -> 508_808_219
    expect(amountOf(s.payouts, 'bob')).toBe(508_808_219n)
    expect(amountOf(s.payouts, 'treasury')).toBe(3_575_342n)
    // price of one share (1e6 units): 1e6 * 1_526_424_659 / 1_500_000_001 = 1_017_616.43 -> 1_017_616
    expect(st.closingPricePerShare).toBe(1_017_616n)
    expect([s.totalAssets, s.totalShares, amountOf(s.shares, 'bob')]).toEqual([1_017_616_439n, 1_000_000_000n, 0n])
    s = run(s, lifecycle(T0, 0n)[3]!)
    // carol mints at the roll: 300_000_000 * (1_000_000_000 + 1) / (1_017_616_439 + 1) = 294_806_558.25 -> 294_806_558
    expect(amountOf(s.shares, 'carol')).toBe(294_806_558n)
    expect(s.epochStartAssets).toBe(1_317_616_439n)
    // claims leave the vault and nothing else
    const before = custodyAssets(s)
    s = run(s, { type: 'claim', account: 'bob' })
    expect(before - custodyAssets(s)).toBe(508_808_219n)
    expect(amountOf(s.payouts, 'bob')).toBe(0n)
  })

  test('fees in shares dilute and keep the assets in the vault', () => {
    let s = initialVaultState({ ...config, feePayment: 'shares' }, T0)
    s = run(s, { type: 'deposit', account: 'alice', assets: 1_000n * USDC }, { type: 'roll', atMs: T0 }, ...lifecycle(T0, 20n * USDC).slice(0, 3))
    // same numbers as the epochFees table row "gain, fees in shares": f = 2_342_298
    expect(amountOf(s.shares, 'treasury')).toBe(2_342_298n)
    expect(s.totalAssets).toBe(1_020_000_000n)
    expect(s.totalPayoutAssets).toBe(0n)
  })

  test('the high-water mark stops a second performance fee on recovered losses', () => {
    let s = initialVaultState(config, T0)
    s = run(s, { type: 'deposit', account: 'alice', assets: 1_000n * USDC }, { type: 'roll', atMs: T0 }, ...lifecycle(T0, 100n * USDC))
    const mark = s.highWaterMark!
    s = run(s, ...lifecycle(T0 + 8 * DAY_MS, -200n * USDC))
    expect(s.highWaterMark).toEqual(mark) // a loss never lowers the mark
    expect(s.lastSettlement!.performanceFeeAssets).toBe(0n)
    s = run(s, ...lifecycle(T0 + 16 * DAY_MS, 100n * USDC).slice(0, 3))
    // still below the mark after recovering 100 of the 200 lost: no performance fee
    expect(s.lastSettlement!.chargeableGainAssets).toBe(0n)
    const noMark = run(initialVaultState({ ...config, highWaterMark: false }, T0),
      { type: 'deposit', account: 'alice', assets: 1_000n * USDC }, { type: 'roll', atMs: T0 }, ...lifecycle(T0, 100n * USDC),
      ...lifecycle(T0 + 8 * DAY_MS, -200n * USDC), ...lifecycle(T0 + 16 * DAY_MS, 100n * USDC).slice(0, 3))
    expect(noMark.lastSettlement!.performanceFeeAssets).toBe(10n * USDC) // 10% of the 100 USDC gain
  })
})

describe('deposits and withdrawals', () => {
  const funded = () => run(initialVaultState(config, T0), { type: 'deposit', account: 'alice', assets: 100n * USDC }, { type: 'roll', atMs: T0 })

  test('a pending deposit comes back instantly and exactly, in any phase', () => {
    for (const n of [0, 1, 2, 3]) {
      let s = run(funded(), ...lifecycle(T0, 0n).slice(0, n))
      s = run(s, { type: 'deposit', account: 'bob', assets: 123_456_789n })
      s = run(s, { type: 'cancelDeposit', account: 'bob', assets: 23_456_789n })
      expect(amountOf(s.pendingDeposits, 'bob')).toBe(100_000_000n)
      expect(amountOf(s.payouts, 'bob')).toBe(23_456_789n)
      s = run(s, { type: 'cancelDeposit', account: 'bob', assets: 100_000_000n })
      expect(amountOf(s.payouts, 'bob')).toBe(123_456_789n)
      expect(s.totalPendingAssets).toBe(0n)
    }
  })

  test('max TVL counts queued deposits; minimum deposit; typed errors that say how much', () => {
    const s = run(funded(), { type: 'deposit', account: 'bob', assets: 9_800n * USDC })
    const over = () => reduceVault(s, { type: 'deposit', account: 'carol', assets: 200n * USDC })
    expect(over).toThrow(VaultCapError)
    expect(over).toThrow('deposit of 200000000 by "carol" would take the vault to 10100000000, above its cap of 10000000000')
    expect(over).toThrow('Deposit at most 100000000')
    expect(() => reduceVault(s, { type: 'deposit', account: 'carol', assets: 100n * USDC })).not.toThrow()
    const small = () => reduceVault(s, { type: 'deposit', account: 'carol', assets: 9_999_999n })
    expect(small).toThrow(MinDepositError)
    expect(small).toThrow('below the minimum deposit of 10000000')
  })

  test('withdraw requests lock shares: no double request, cancelling more than is pending fails', () => {
    let s = funded()
    s = reduceVault(s, { type: 'withdrawRequest', account: 'alice', shares: 60_000_000n })
    expect(() => reduceVault(s, { type: 'withdrawRequest', account: 'alice', shares: 40_000_001n })).toThrow(VaultRequestError)
    expect(() => reduceVault(s, { type: 'withdrawRequest', account: 'alice', shares: 40_000_001n })).toThrow('at most the 40000000 free')
    expect(() => reduceVault(s, { type: 'cancelDeposit', account: 'alice', assets: 1n })).toThrow('at most the 0 still queued')
    expect(() => reduceVault(s, { type: 'deposit', account: 'alice', assets: 0n })).toThrow('assets must be a positive bigint')
    expect(() => reduceVault(s, { type: 'claim', account: 'alice' })).toThrow('nothing to claim')
  })

  test('a request made after settlement is paid at the close of the next epoch', () => {
    let s = run(funded(), ...lifecycle(T0, 0n).slice(0, 3))
    s = reduceVault(s, { type: 'withdrawRequest', account: 'alice', shares: 50_000_000n })
    s = reduceVault(s, { type: 'roll', atMs: T0 + 8 * DAY_MS })
    expect(amountOf(s.payouts, 'alice')).toBe(0n)
    s = run(s, ...lifecycle(T0 + 8 * DAY_MS, 0n).slice(0, 3))
    expect(amountOf(s.payouts, 'alice')).toBeGreaterThan(49n * USDC)
  })

  test('the reducer never mutates its input', () => {
    const s = funded()
    const snapshot = vaultStateToJson(s)
    run(s, { type: 'deposit', account: 'bob', assets: 50n * USDC }, { type: 'withdrawRequest', account: 'alice', shares: 1n }, ...lifecycle(T0, 5n * USDC))
    expect(vaultStateToJson(s)).toBe(snapshot)
  })
})

describe('epoch state machine', () => {
  // One state per phase, reached by legal events from a funded vault.
  const open = run(initialVaultState(config, T0), { type: 'deposit', account: 'alice', assets: 100n * USDC }, { type: 'roll', atMs: T0 })
  const byPhase: Record<EpochPhase, VaultState> = {
    open,
    positionsTaken: run(open, lifecycle(T0, 0n)[0]!),
    expired: run(open, ...lifecycle(T0, 0n).slice(0, 2)),
    settled: run(open, ...lifecycle(T0, 0n).slice(0, 3)),
  }
  const events: Record<VaultLifecycleEvent['type'], VaultLifecycleEvent> = {
    takePositions: { type: 'takePositions', atMs: T0 + 8 * DAY_MS },
    expire: { type: 'expire', atMs: T0 + 8 * DAY_MS },
    settle: { type: 'settle', atMs: T0 + 8 * DAY_MS, pnlAssets: 0n },
    roll: { type: 'roll', atMs: T0 + 8 * DAY_MS },
  }

  test('every (phase, lifecycle event) pair: one legal successor, every other pair throws EpochTransitionError', () => {
    let legal = 0
    for (const [phase, state] of Object.entries(byPhase) as [EpochPhase, VaultState][]) {
      expect(state.phase).toBe(phase)
      for (const [type, event] of Object.entries(events) as [VaultLifecycleEvent['type'], VaultLifecycleEvent][]) {
        const t = EPOCH_TRANSITIONS[type]
        if (t.from === phase) {
          legal++
          expect(reduceVault(state, event).phase).toBe(t.to)
        } else {
          let err: unknown
          try { reduceVault(state, event) } catch (e) { err = e }
          expect(err, `${type} in ${phase}`).toBeInstanceOf(EpochTransitionError)
          const verb = type === 'takePositions' ? 'take positions in' : type
          expect((err as Error).message).toContain(`cannot ${verb} epoch ${state.epoch}: it is "${phase}", expected "${t.from}"`)
        }
      }
    }
    expect(legal).toBe(4) // 16 pairs: 4 legal, 12 rejected
  })

  test('the message names epoch, phase and expected phase exactly', () => {
    const epoch3 = run(byPhase.settled, events.roll, ...lifecycle(T0 + 9 * DAY_MS, 0n))
    expect([epoch3.epoch, epoch3.phase]).toEqual([3, 'open'])
    expect(() => reduceVault(epoch3, { type: 'settle', atMs: T0 + 20 * DAY_MS, pnlAssets: 0n }))
      .toThrow('cannot settle epoch 3: it is "open", expected "expired".')
  })

  test('account events are accepted in every phase', () => {
    for (const state of Object.values(byPhase)) {
      const s = run(state, { type: 'deposit', account: 'bob', assets: 10n * USDC }, { type: 'cancelDeposit', account: 'bob', assets: 10n * USDC },
        { type: 'claim', account: 'bob' }, { type: 'withdrawRequest', account: 'alice', shares: 1n })
      expect(s.phase).toBe(state.phase)
    }
  })

  test('lifecycle events cannot go back in time; rolls number epochs from 1', () => {
    expect(() => reduceVault(byPhase.positionsTaken, { type: 'expire', atMs: T0 - 1 })).toThrow(VaultInvariantError)
    expect(open.epoch).toBe(1)
    expect(reduceVault(byPhase.settled, events.roll).epoch).toBe(2)
  })
})

describe('config and JSON', () => {
  test('bad config fields are named', () => {
    expect(() => initialVaultState({ ...config, performanceFeeBps: 20.5 }, T0)).toThrow(VaultConfigError)
    expect(() => initialVaultState({ ...config, performanceFeeBps: 20.5 }, T0)).toThrow('vault config performanceFeeBps must be an integer from 0 to 10000, got 20.5')
    expect(() => initialVaultState({ ...config, maxTvlAssets: 1n }, T0)).toThrow('maxTvlAssets must be at least minDepositAssets')
  })

  test('a state survives JSON exactly, bigints above 2^53 included, and keeps reducing the same', () => {
    const big = { ...config, assetDecimals: 18, maxTvlAssets: 10n ** 30n, minDepositAssets: 1n }
    const s = run(initialVaultState(big, T0), { type: 'deposit', account: 'alice', assets: 123_456_789_012_345_678_901n }, { type: 'roll', atMs: T0 },
      { type: 'deposit', account: '__proto__', assets: 5n }, ...lifecycle(T0, 987_654_321_987n).slice(0, 3))
    const text = vaultStateToJson(s)
    const back = vaultStateFromJson(text)
    expect(back).toEqual(s)
    expect(amountOf(back.pendingDeposits, '__proto__')).toBe(5n)
    const next: VaultEvent = { type: 'roll', atMs: T0 + 9 * DAY_MS }
    expect(vaultStateToJson(reduceVault(back, next))).toBe(vaultStateToJson(reduceVault(s, next)))
    expect(() => vaultStateFromJson('{"format":2,"state":{}}')).toThrow('not format 1')
    expect(() => vaultStateFromJson('not json')).toThrow('does not parse')
  })
})
