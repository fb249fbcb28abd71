import { expect, test } from 'vitest'
import { redisOptions } from '../../../../backtest/sweep/queue/redisOptions.ts'
import { fromWire, queueJobId, toWire } from '../../../../backtest/sweep/queue/wireResult.ts'
import { InputError } from '../../../../engine/errors/input.ts'

test('redisOptions reads host, port, database and credentials', () => {
  expect(redisOptions('redis://127.0.0.1:6380')).toEqual({ host: '127.0.0.1', port: 6380, db: 0, maxRetriesPerRequest: null })
  expect(redisOptions('redis://h')).toMatchObject({ host: 'h', port: 6379 })
  expect(redisOptions('redis://u:p%40ss@h:1/3')).toEqual({ host: 'h', port: 1, db: 3, username: 'u', password: 'p@ss', maxRetriesPerRequest: null })
})

test.each([['127.0.0.1:6379', 'not a URL'], ['http://h:1', 'uses http:'], ['redis://h:1/x', 'names database "x"']])('%s is bad input naming --queue', (url, problem) => {
  expect(() => redisOptions(url)).toThrow(InputError)
  expect(() => redisOptions(url)).toThrow(problem)
})

test('a job that must return more gets its own jobId; NAV curves survive JSON', () => {
  expect(queueJobId({ id: 'abc' })).toBe('abc')
  expect(queueJobId({ id: 'abc', withFiles: true })).toBe('abc-files')
  expect(queueJobId({ id: 'abc', withEquity: true })).toBe('abc-equity')
  const r = { id: 'a', metrics: { sharpe: 1.5, sortino: null }, equity: { tMs: Float64Array.of(1, 2), nav: Float64Array.of(100, 101.25) } }
  const back = fromWire(JSON.parse(JSON.stringify(toWire(r))))
  expect(back).toEqual(r)
  expect(back.equity?.nav).toBeInstanceOf(Float64Array)
})
