import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { parseGridFlag } from '../../../backtest/sweep/gridAxis.ts'
import { gridPointAt, gridPoints, gridSize } from '../../../backtest/sweep/gridPoints.ts'
import { InputError } from '../../../engine/errors/input.ts'

describe('parseGridFlag', () => {
  test('a list keeps its order and types', () => {
    expect(parseGridFlag('strategy.params.targetDelta=0.1,0.2,0.3')).toEqual({ path: 'strategy.params.targetDelta', values: [0.1, 0.2, 0.3] })
    expect(parseGridFlag('hedge.trigger=band,time').values).toEqual(['band', 'time'])
    expect(parseGridFlag('vault.fees.highWaterMark=true,false').values).toEqual([true, false])
    expect(parseGridFlag('x.y=-1,1e-3').values).toEqual([-1, 0.001])
  })

  test('a range includes its stop despite float steps (0.02:0.10:0.02 gives five values)', () => {
    // 0.02 + 4 * 0.02 is 0.1 in decimal, 0.10000000000000000555 in binary: the stop must still count
    expect(parseGridFlag('hedge.band=0.02:0.10:0.02').values).toEqual([0.02, 0.04, 0.06, 0.08, 0.1])
    expect(parseGridFlag('a.b=1:10:3').values).toEqual([1, 4, 7, 10])
    expect(parseGridFlag('a.b=1:9:3').values).toEqual([1, 4, 7])
    expect(parseGridFlag('a.b=0.1:0.3:0.1').values).toEqual([0.1, 0.2, 0.3])
    expect(parseGridFlag('a.b=5:5:1').values).toEqual([5])
  })

  test('any range has floor((stop - start) / step) + 1 values, the last within one step of stop', () => {
    fc.assert(fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 50 }), (a, span, s) => {
      const start = a / 100
      const step = s / 100
      const stop = start + span / 100
      const v = parseGridFlag(`a.b=${start}:${stop}:${step}`).values as number[]
      expect(v.length).toBe(Math.floor(span / s) + 1)
      expect(v[0]).toBe(start)
      expect(stop - (v[v.length - 1] as number)).toBeGreaterThan(-1e-9)
      expect(stop - (v[v.length - 1] as number)).toBeLessThan(step)
    }))
  })

  test.each([
    ['hedge.band', 'must be path=values'],
    ['=0.1', 'must be path=values'],
    ['hedge..band=0.1', 'not a dotted config path'],
    ['hedge.band=', 'gives no values'],
    ['hedge.band=0.1,,0.2', 'empty item'],
    ['hedge.band=0.1,0.1', 'twice'],
    ['hedge.band=0.1:0.2', 'neither a list nor start:stop:step'],
    ['hedge.band=0.1:x:0.1', 'non-number'],
    ['hedge.band=0.1:0.2:0', 'step must be positive'],
    ['hedge.band=0.2:0.1:0.01', 'below start'],
    ['hedge.band=0:1:0.000001', 'expands to'],
  ])('%s is bad input naming --grid (%s)', (text, problem) => {
    let err: unknown
    try { parseGridFlag(text) } catch (e) { err = e }
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).field).toBe('--grid')
    expect((err as InputError).message).toContain(problem)
    expect((err as InputError).message).toContain(`Where: --grid ${text}`)
  })
})

describe('gridPoints', () => {
  const axes = [{ path: 'a', values: [1, 2] }, { path: 'b', values: ['x', 'y', 'z'] }]
  test('every combination once, last axis fastest, keys in axis order', () => {
    const pts = gridPoints(axes)
    expect(gridSize(axes)).toBe(6)
    expect(pts).toEqual([
      { a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 1, b: 'z' },
      { a: 2, b: 'x' }, { a: 2, b: 'y' }, { a: 2, b: 'z' },
    ])
    expect(Object.keys(gridPointAt(axes, 5))).toEqual(['a', 'b'])
  })
})
