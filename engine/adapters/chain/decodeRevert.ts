import { AbiCoder, dataSlice } from 'ethers'
import { ChainTxError, DeadlineExpiredError, SlippageExceededError, TxRevertedError } from './chainErrors.ts'

const ERROR_STRING = '0x08c379a0' // Error(string)
const PANIC = '0x4e487b71' // Panic(uint256)

/** Solidity panic codes (docs.soliditylang.org, "Panic via assert and Error via require"). */
const PANICS: Record<number, string> = {
  0x01: 'assert failed', 0x11: 'arithmetic overflow or underflow', 0x12: 'division by zero',
  0x21: 'invalid enum value', 0x31: 'pop on empty array', 0x32: 'array index out of bounds',
  0x41: 'out of memory', 0x51: 'call to an uninitialised function',
}

/** Turns revert data into a readable reason: the string of `Error(string)`, the meaning of `Panic(uint256)`, or the
 * raw selector of a custom error; empty data (a bare `revert()`, or out of gas) says so.
 * @example decodeRevertData('0x08c379a0…') // 'Too little received' */
export function decodeRevertData(data: string | undefined): string {
  if (!data || data === '0x') return 'no revert reason (bare revert or out of gas)'
  const coder = AbiCoder.defaultAbiCoder()
  try {
    if (data.startsWith(ERROR_STRING)) return coder.decode(['string'], dataSlice(data, 4))[0] as string
    if (data.startsWith(PANIC)) {
      const code = Number(coder.decode(['uint256'], dataSlice(data, 4))[0] as bigint)
      return `panic 0x${code.toString(16)} (${PANICS[code] ?? 'unknown panic'})`
    }
  } catch { /* malformed payload: fall through to the raw form */ }
  return `custom error ${data.slice(0, 10)} (data ${data})`
}

/** Finds revert data in an error thrown by ethers or by the node's JSON-RPC error, wherever it nested it. */
export function revertDataOf(e: unknown, depth = 0): string | undefined {
  if (depth > 5 || e === null || typeof e !== 'object') return undefined
  const o = e as Record<string, unknown>
  if (typeof o.data === 'string' && o.data.startsWith('0x')) return o.data
  for (const k of ['data', 'error', 'info', 'cause']) {
    const found = revertDataOf(o[k], depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}

/** Maps a revert reason to the typed error the runtime acts on. The strings are the Uniswap v3 periphery's
 * require messages (SwapRouter.sol and PeripheryValidation.sol: "Too little received", "Too much requested",
 * "Transaction too old"; TransferHelper.sol: "STF" for a failed transferFrom, meaning allowance or balance short).
 * @example revertError('Too little received', '0xab…') // SlippageExceededError */
export function revertError(reason: string, txHash?: string, cause?: unknown): ChainTxError {
  const o = { ...(txHash ? { txHash } : {}), cause }
  if (reason === 'Too little received' || reason === 'Too much requested') return new SlippageExceededError(`router: ${reason}`, o)
  if (reason === 'Transaction too old') return new DeadlineExpiredError(o)
  if (reason === 'STF') {
    return new TxRevertedError('STF (token transferFrom failed)', {
      ...o, fix: 'The wallet lacks the input token balance or the router allowance is short.',
    })
  }
  return new TxRevertedError(reason, o)
}
