import { describe, expect, test } from 'vitest'
import { didYouMean } from '../../../engine/config/didYouMean.ts'

describe('didYouMean', () => {
  const hedgeKeys = ['trigger', 'instrument', 'targetDelta', 'band']
  test('finds a swapped, dropped or doubled letter', () => {
    expect(didYouMean('bnad', hedgeKeys)).toBe('band')
    expect(didYouMean('targt_delta', hedgeKeys)).toBe('targetDelta')
    expect(didYouMean('insttrument', hedgeKeys)).toBe('instrument')
  })
  test('ignores case and snake/kebab spelling', () => {
    expect(didYouMean('target_delta', hedgeKeys)).toBe('targetDelta')
    expect(didYouMean('TARGET-DELTA', hedgeKeys)).toBe('targetDelta')
  })
  test('offers nothing when nothing is close', () => {
    expect(didYouMean('leverage', hedgeKeys)).toBeUndefined()
    expect(didYouMean('xy', ['ab'])).toBeUndefined()
    expect(didYouMean('x', [])).toBeUndefined()
  })
})
