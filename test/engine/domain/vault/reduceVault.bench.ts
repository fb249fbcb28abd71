/** Speed of the vault reducer: events per second for a year of weekly epochs with 100 depositors, each epoch
 * taking 100 deposits and 20 withdrawal requests, then takePositions, expire, settle and roll.
 * The reducer copies the account maps it changes (immutable state), so cost grows with the number of accounts.
 * Medians over several runs. Run: npx tsx test/engine/domain/vault/reduceVault.bench.ts */
import { reduceVault } from '../../../../engine/domain/vault/reduceVault.ts'
import { amountOf, initialVaultState, type VaultState } from '../../../../engine/domain/vault/vaultState.ts'
import type { VaultConfig } from '../../../../engine/domain/vault/vaultConfig.ts'
import { medianMs, perSecond, report } from '../../../support/bench.ts'

const DAY_MS = 86_400_000
const config: VaultConfig = {
  assetSymbol: 'USDC', assetDecimals: 6, decimalsOffset: 6, maxTvlAssets: 10n ** 18n, minDepositAssets: 1_000_000n,
  managementFeeBpsPerYear: 200, performanceFeeBps: 1000, highWaterMark: true, feePayment: 'shares', feeRecipient: 'treasury',
}
let events = 0
const year = (): VaultState => {
  let s = initialVaultState(config, 0)
  events = 0
  const step = (e: Parameters<typeof reduceVault>[1]) => { s = reduceVault(s, e); events++ }
  step({ type: 'roll', atMs: 0 })
  for (let k = 0; k < 52; k++) {
    const t = k * 7 * DAY_MS
    for (let a = 0; a < 100; a++) step({ type: 'deposit', account: `acct${a}`, assets: BigInt(1_000_000 + a * 1_000) })
    for (let a = 0; a < 20; a++) {
      const acct = `acct${(a * 7 + k) % 100}`
      const free = amountOf(s.shares, acct) - amountOf(s.queuedWithdrawShares, acct)
      if (free > 1n) step({ type: 'withdrawRequest', account: acct, shares: free / 2n })
    }
    step({ type: 'takePositions', atMs: t })
    step({ type: 'expire', atMs: t + 7 * DAY_MS })
    step({ type: 'settle', atMs: t + 7 * DAY_MS, pnlAssets: s.totalAssets / 100n })
    step({ type: 'roll', atMs: t + 7 * DAY_MS })
  }
  return s
}
const ms = medianMs(year, 7)
report('reduceVault: a year of weekly epochs, 100 accounts', perSecond(events, ms), { ok: ms < 200, text: 'a year < 200 ms' })
