import { expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { defineStrategy, z } from '../../../engine/plugin/index.ts'

const root = join(import.meta.dirname, '../../..')
const readme = readFileSync(join(root, 'strategies/examples/README.md'), 'utf8')
const tsBlocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!)

test('the README walkthrough ends with the plugin file exactly as shipped', () => {
  expect(tsBlocks.length).toBe(2)
  expect(tsBlocks[1]).toBe(readFileSync(join(root, 'strategies/examples/cashSecuredPut/index.ts'), 'utf8'))
})

test('the smallest version in the README uses only what optvault exports', () => {
  const first = tsBlocks[0]!
  expect(first).toMatch(/^import \{ defineStrategy, z \} from 'optvault'$/m)
  // the exports it names exist with the shape it uses
  expect(typeof defineStrategy).toBe('function')
  expect(z.object({}).parse({})).toEqual({})
})
