import { JsonRpcProvider } from 'ethers'

/** An ethers v6 JSON-RPC provider set up for a trading loop: a fixed chain id (no network probe that can hang on
 * start), no response cache (a cached nonce or block number is a wrong one for a sender), and batching off, so one
 * failing call cannot take its neighbours down.
 * @example const provider = createChainProvider('http://127.0.0.1:8545', 31337) */
export function createChainProvider(rpcUrl: string, chainId: number, o: { pollingIntervalMs?: number } = {}): JsonRpcProvider {
  return new JsonRpcProvider(rpcUrl, chainId, {
    staticNetwork: true, cacheTimeout: -1, batchMaxCount: 1, pollingInterval: o.pollingIntervalMs ?? 1000,
  })
}
