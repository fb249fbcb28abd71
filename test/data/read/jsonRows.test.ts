import { expect, test } from 'vitest'
import { jsonRows } from '../../../data/read/jsonRows.ts'
import { DataError } from '../../../engine/errors/data.ts'

test('each row gets the line its array opens on, pretty-printed or compact', () => {
  const pretty = '[\n  [\n    1667692800000,\n    56.76\n  ],\n  [\n    1667779200000,\n    59.48\n  ]\n]\n'
  expect(Array.from(jsonRows('dvol.json', pretty).lines)).toEqual([2, 6])
  expect(Array.from(jsonRows('k.json', '[[1,2],[3,4],\n[5,6]]').lines)).toEqual([1, 1, 2])
  expect(Array.from(jsonRows('s.json', '[["a]",1],\n["b[",2]]').lines)).toEqual([1, 2]) // brackets inside strings do not count
})

test('not JSON, or not an array of arrays, is a DataError with a line', () => {
  expect(() => jsonRows('bad.json', '[[1,2],\n[3,')).toThrow(DataError)
  expect(() => jsonRows('obj.json', '{"a":1}')).toThrow(/array of rows/)
  try {
    jsonRows('row.json', '[[1,2],\n 7]')
    expect.unreachable()
  } catch (e) {
    expect((e as DataError).line).toBe(2)
    expect((e as Error).message).toContain('row.json:2:[1]')
  }
})
