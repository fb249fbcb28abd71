import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { Contract, Wallet } from 'ethers'
import type { JsonRpcProvider } from 'ethers'
import { createChainProvider } from '../../engine/adapters/chain/createChainProvider.ts'
import { startChainSandbox } from '../../engine/sandbox/chain/startChainSandbox.ts'
import type { ChainSandbox, ChainSandboxOptions } from '../../engine/sandbox/chain/startChainSandbox.ts'

/** One sandbox chain per test file (start ~2 s), with every test run inside an evm_snapshot/evm_revert pair so
 * tests cannot see each other's swaps, approvals or oracle rounds. Returns getters, valid inside tests. */
export function useChainSandbox(opts: ChainSandboxOptions = {}): { chain: () => ChainSandbox; provider: () => JsonRpcProvider } {
  let chain: ChainSandbox | undefined
  let provider: JsonRpcProvider | undefined
  let snapshot: unknown
  beforeAll(async () => {
    chain = await startChainSandbox(opts)
    provider = createChainProvider(chain.rpcUrl, chain.chainId, { pollingIntervalMs: 20 })
  })
  afterAll(async () => {
    provider?.destroy()
    await chain?.stop()
  })
  beforeEach(async () => { snapshot = await chain!.request('evm_snapshot') })
  afterEach(async () => {
    await chain!.request('evm_setAutomine', [true])
    await chain!.request('evm_revert', [snapshot])
  })
  return { chain: () => chain!, provider: () => provider! }
}

/** Trader `i` (1-based; 0 is the deployer) as an ethers Wallet on `provider`. */
export function trader(chain: ChainSandbox, provider: JsonRpcProvider, i = 1): Wallet {
  return new Wallet(chain.accounts[i]!.privateKey, provider)
}

/** balanceOf of `who` for a sandbox token, in base units. */
export async function balanceOf(chain: ChainSandbox, provider: JsonRpcProvider, token: string, who: string): Promise<bigint> {
  return await new Contract(token, chain.abis.erc20, provider).getFunction('balanceOf')(who) as bigint
}

/** Polls `check` every 10 ms until it returns a value other than undefined (or throws after `ms`). */
export async function until<T>(check: () => Promise<T | undefined> | T | undefined, ms = 5000): Promise<T> {
  const start = Date.now()
  for (;;) {
    const v = await check()
    if (v !== undefined) return v
    if (Date.now() - start > ms) throw new Error(`condition not met within ${ms} ms`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
