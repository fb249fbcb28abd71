import { FeeCapExceededError } from './chainErrors.ts'

/** EIP-1559 fee policy, all in wei. */
export interface FeeCapConfig {
  /** Priority fee (tip) offered to the block builder. */
  readonly tipWei: bigint
  /** maxFeePerGas = baseFee * this / 10_000 + tip. 20_000 (2x) survives six full blocks of +12.5% base fee each. */
  readonly baseFeeMultiplierBps: number
  /** Never pay more than this per gas, whatever the base fee. */
  readonly maxFeePerGasCapWei: bigint
}

export const DEFAULT_FEE_CAPS: FeeCapConfig = {
  tipWei: 1_000_000_000n, baseFeeMultiplierBps: 20_000, maxFeePerGasCapWei: 200_000_000_000n,
}

/** The two EIP-1559 fee fields for the next transaction, from the latest base fee. The multiplier gives headroom
 * for base-fee rises while the transaction waits; the cap bounds what a fee spike can cost. When even
 * base fee + tip is above the cap, sending would only leave a transaction stuck: FeeCapExceededError.
 * @example eip1559Fees(10_000_000_000n, DEFAULT_FEE_CAPS) // { maxFeePerGas: 21_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n } */
export function eip1559Fees(baseFeeWei: bigint, cfg: FeeCapConfig): { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } {
  const tip = cfg.tipWei
  if (baseFeeWei + tip > cfg.maxFeePerGasCapWei) throw new FeeCapExceededError(baseFeeWei, tip, cfg.maxFeePerGasCapWei)
  const wanted = (baseFeeWei * BigInt(cfg.baseFeeMultiplierBps)) / 10_000n + tip
  return { maxFeePerGas: wanted < cfg.maxFeePerGasCapWei ? wanted : cfg.maxFeePerGasCapWei, maxPriorityFeePerGas: tip }
}
