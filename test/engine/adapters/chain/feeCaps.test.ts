import { describe, expect, test } from 'vitest'
import { DEFAULT_FEE_CAPS, eip1559Fees } from '../../../../engine/adapters/chain/feeCaps.ts'
import { FeeCapExceededError } from '../../../../engine/adapters/chain/chainErrors.ts'

const gwei = 1_000_000_000n

describe('eip1559Fees', () => {
  test('maxFee = base x multiplier + tip while under the cap', () => {
    expect(eip1559Fees(10n * gwei, DEFAULT_FEE_CAPS)).toEqual({ maxFeePerGas: 21n * gwei, maxPriorityFeePerGas: 1n * gwei })
    expect(eip1559Fees(10n * gwei, { ...DEFAULT_FEE_CAPS, baseFeeMultiplierBps: 15_000 }).maxFeePerGas).toBe(16n * gwei)
  })

  test('the cap clips the headroom but still pays base fee + tip', () => {
    const cfg = { tipWei: 2n * gwei, baseFeeMultiplierBps: 20_000, maxFeePerGasCapWei: 50n * gwei }
    expect(eip1559Fees(40n * gwei, cfg).maxFeePerGas).toBe(50n * gwei)
    expect(eip1559Fees(48n * gwei, cfg).maxFeePerGas).toBe(50n * gwei)
  })

  test('base fee + tip above the cap: refuse rather than leave a transaction stuck', () => {
    const cfg = { tipWei: 2n * gwei, baseFeeMultiplierBps: 20_000, maxFeePerGasCapWei: 50n * gwei }
    expect(() => eip1559Fees(49n * gwei, cfg)).toThrow(FeeCapExceededError)
  })
})
