import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { configJsonSchema, configJsonSchemaText } from '../../../engine/config/configJsonSchema.ts'

const committed = fileURLToPath(new URL('../../../config/schema.json', import.meta.url))

type Json = { [k: string]: unknown }

describe('config JSON Schema', () => {
  test('config/schema.json is fresh (regenerate: npx tsx engine/config/writeSchema.ts)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(configJsonSchemaText())
  })

  test('every property carries a description, so editors show units on hover', () => {
    const missing: string[] = []
    const walk = (n: unknown, path: string): void => {
      if (typeof n !== 'object' || n === null) return
      const node = n as Json
      for (const [k, v] of Object.entries((node.properties ?? {}) as Json)) {
        if (typeof (v as Json).description !== 'string') missing.push(`${path}.${k}`)
        walk(v, `${path}.${k}`)
      }
      for (const k of ['oneOf', 'anyOf', 'allOf']) for (const x of (node[k] ?? []) as unknown[]) walk(x, path)
      if (node.items) walk(node.items, `${path}[]`)
    }
    walk(configJsonSchema(), '')
    expect(missing).toEqual([])
  })

  test('describes the file as written: strict objects, defaults, required minimum', () => {
    const s = configJsonSchema() as Json & { properties: Record<string, Json> }
    expect(s.$schema).toBe('http://json-schema.org/draft-07/schema#')
    expect(s.additionalProperties).toBe(false)
    expect(s.required).toEqual(['vault', 'strategy'])
    const vault = s.properties.vault as { required: string[]; properties: Record<string, Json> }
    expect(vault.required).toEqual(['asset', 'initialNav'])
    expect(vault.properties.collateral?.default).toBe('underlying')
    const hedge = s.properties.hedge as { oneOf: { properties: { trigger: Json } }[] }
    expect(hedge.oneOf.map((o) => o.properties.trigger.const)).toEqual(['interval', 'band', 'move', 'whalley-wilmott'])
  })
})
