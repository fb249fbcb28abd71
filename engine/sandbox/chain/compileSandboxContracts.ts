import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeFileAtomic } from '../../../data/io/writeAtomic.ts'
import { OptvaultError } from '../../errors/base.ts'
import { SANDBOX_SOLIDITY } from './sandboxSolidity.ts'

/** ABI and creation bytecode of one compiled contract. */
export interface CompiledContract { readonly abi: readonly unknown[]; readonly bytecode: string }

export type SandboxContractName = 'TestToken' | 'WETH9' | 'MockAggregator'

const require = createRequire(import.meta.url)
let inProcess: Record<SandboxContractName, CompiledContract> | undefined

/** Compiles the sandbox's own contracts with solc-js (pure JS, no download). The result is cached in memory and in
 * the OS temp folder under the source's hash: loading solc's 9 MB soljson.js costs about a second, and the sandbox
 * must start in well under 10 s, so only the first start after a source change pays for it.
 * @example const { TestToken } = compileSandboxContracts() */
export function compileSandboxContracts(): Record<SandboxContractName, CompiledContract> {
  if (inProcess) return inProcess
  const solc = require('solc') as { version(): string; compile(input: string): string }
  const hash = createHash('sha256').update(SANDBOX_SOLIDITY).digest('hex').slice(0, 16)
  const cacheFile = join(tmpdir(), `optvault-sandbox-contracts-${hash}.json`)
  if (existsSync(cacheFile)) {
    try {
      inProcess = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<SandboxContractName, CompiledContract>
      return inProcess
    } catch { /* a corrupt cache is recompiled below */ }
  }
  const input = {
    language: 'Solidity',
    sources: { 'Sandbox.sol': { content: SANDBOX_SOLIDITY } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      // Paris: no PUSH0 or transient storage, so the bytecode runs on any hardfork the dev chain is set to.
      evmVersion: 'paris',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  }
  const out = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[]
    contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>
  }
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) {
    throw new OptvaultError(`sandbox contracts do not compile: ${errors.map((e) => e.formattedMessage).join('\n')}`, {
      where: 'engine/sandbox/chain/sandboxSolidity.ts',
    })
  }
  const file = out.contracts['Sandbox.sol']!
  const pick = (n: SandboxContractName): CompiledContract => ({ abi: file[n]!.abi, bytecode: `0x${file[n]!.evm.bytecode.object}` })
  inProcess = { TestToken: pick('TestToken'), WETH9: pick('WETH9'), MockAggregator: pick('MockAggregator') }
  writeFileAtomic(cacheFile, JSON.stringify(inProcess))
  return inProcess
}
