import { createRequire } from 'node:module'
import type { CompiledContract } from './compileSandboxContracts.ts'

const require = createRequire(import.meta.url)

function artifact(path: string): CompiledContract {
  const a = require(path) as { abi: unknown[]; bytecode: string }
  return { abi: a.abi, bytecode: a.bytecode }
}

/** The real, audited Uniswap v3 contracts as compiled and published in their npm packages. Deploying these exact
 * bytes keeps the pool init code hash equal to mainnet's, so the periphery's and the v3-sdk's pool address
 * computation work unchanged.
 * @example const { factory } = uniswapArtifacts(); new ContractFactory(factory.abi, factory.bytecode, signer) */
export function uniswapArtifacts(): {
  factory: CompiledContract; pool: CompiledContract; router: CompiledContract; quoterV2: CompiledContract
  positionManager: CompiledContract
} {
  return {
    factory: artifact('@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json'),
    pool: artifact('@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json'),
    router: artifact('@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json'),
    quoterV2: artifact('@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json'),
    positionManager: artifact('@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json'),
  }
}
