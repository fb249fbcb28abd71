import { describe, expect, test } from 'vitest'
import { AbiCoder, concat } from 'ethers'
import { decodeRevertData, revertDataOf, revertError } from '../../../../engine/adapters/chain/decodeRevert.ts'

const errorString = (s: string): string => concat(['0x08c379a0', AbiCoder.defaultAbiCoder().encode(['string'], [s])])
const panic = (n: number): string => concat(['0x4e487b71', AbiCoder.defaultAbiCoder().encode(['uint256'], [n])])

describe('decodeRevertData', () => {
  test('Error(string), Panic(uint256), custom errors and empty data', () => {
    expect(decodeRevertData(errorString('Too little received'))).toBe('Too little received')
    expect(decodeRevertData(panic(0x11))).toBe('panic 0x11 (arithmetic overflow or underflow)')
    expect(decodeRevertData('0xdeadbeef0001')).toBe('custom error 0xdeadbeef (data 0xdeadbeef0001)')
    expect(decodeRevertData('0x')).toMatch(/no revert reason/)
    expect(decodeRevertData(undefined)).toMatch(/no revert reason/)
  })

  test('a truncated Error(string) payload falls back to the raw form instead of throwing', () => {
    expect(decodeRevertData('0x08c379a00000')).toMatch(/^custom error 0x08c379a0/)
  })
})

describe('revertDataOf', () => {
  test('finds data nested the ways ethers and JSON-RPC nest it', () => {
    const d = errorString('STF')
    expect(revertDataOf({ data: d })).toBe(d)
    expect(revertDataOf({ info: { error: { data: d } } })).toBe(d)
    expect(revertDataOf({ error: { data: { data: d } } })).toBe(d)
    expect(revertDataOf({ message: 'no data here' })).toBeUndefined()
  })
})

describe('revertError', () => {
  test('maps the Uniswap periphery require messages to typed errors', () => {
    expect(revertError('Too little received', '0xab')).toMatchObject({ name: 'SlippageExceededError', retryable: true, txHash: '0xab' })
    expect(revertError('Too much requested')).toMatchObject({ name: 'SlippageExceededError' })
    expect(revertError('Transaction too old')).toMatchObject({ name: 'DeadlineExpiredError', retryable: true })
    expect(revertError('STF').message).toMatch(/allowance/)
    expect(revertError('LOK')).toMatchObject({ name: 'TxRevertedError', reason: 'LOK', retryable: false })
  })
})
