import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml'
import type { z } from 'zod'
import { ConfigFieldError, type ConfigPosition } from '../errors/config.ts'
import { didYouMean } from './didYouMean.ts'
import { schemaAt } from './schemaAt.ts'
import { yamlNodeAt } from './yamlNodeAt.ts'

/** What turning zod issues into positioned errors needs to know about the file. */
export interface IssueContext {
  readonly file: string
  readonly doc: Document
  readonly lines: LineCounter
  /** Schema the issue paths are relative to, and the YAML data at its root. */
  readonly schema: z.ZodType
  readonly data: unknown
  /** Where that root sits in the file: [] for the config, ['strategy', 'params'] for strategy params. */
  readonly prefix: readonly PropertyKey[]
  /** Variables each interpolated scalar read. Those values are described by variable name, never shown. */
  readonly interpolated: WeakMap<Node, readonly string[]>
}

/** One zod issue as one or more ConfigFieldErrors (an unknown-keys issue becomes one error per key, each at
 * its key). Messages say what was expected and what was found; a found value that came from `${ENV}` or sits
 * in a secret field is described, never quoted. */
export function issueToFieldErrors(issue: z.core.$ZodIssue, c: IssueContext): ConfigFieldError[] {
  const rel = issue.path
  const full = [...c.prefix, ...rel]
  const at = yamlNodeAt(c.doc, full)
  const info = schemaAt(c.schema, rel, c.data)
  const found = describeFound(at.node, at.depth === full.length, info?.secret ?? false, c.interpolated)
  const pos = positionOf(c, at)
  const err = (field: readonly PropertyKey[], where: ConfigPosition, problem: string, fix?: string) =>
    new ConfigFieldError(c.file, where, fieldName(field), problem, fix)
  const describeFix = info?.description === undefined ? undefined : `${fieldName(full)}: ${info.description}`

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = info?.keys ?? []
      const map = at.node
      return issue.keys.map((k) => {
        const pair = map !== undefined && isMap(map) ? map.items.find((p) => isScalar(p.key) && String(p.key.value) === k) : undefined
        const where = pair !== undefined && isScalar(pair.key) ? lineCol(c, pair.key.range?.[0]) : pos
        const guess = didYouMean(k, allowed)
        const level = full.length === 0 ? 'the config' : fieldName(full)
        return err([...full, k], where, `is not a known key of ${level}`,
          guess !== undefined ? `did you mean "${guess}"?` : `remove it; allowed here: ${allowed.join(', ')}.`)
      })
    }
    case 'invalid_type': {
      if (at.depth < full.length) {
        return [err(full, pos, 'is required', requiredFix(full, info?.description))]
      }
      return [err(full, pos, `must be ${typeName(issue.expected)}, got ${found}`, describeFix)]
    }
    case 'invalid_value': {
      const values = issue.values.map(String)
      const guess = at.node !== undefined && isScalar(at.node) && !c.interpolated.has(at.node) ? didYouMean(String(at.node.value), values) : undefined
      return [err(full, pos, `must be one of ${values.join(' | ')}, got ${found}`, guess !== undefined ? `did you mean "${guess}"?` : describeFix)]
    }
    case 'invalid_union': {
      const disc = (issue as { discriminator?: string; options?: readonly unknown[] })
      if (disc.discriminator !== undefined && disc.options !== undefined) {
        const values = disc.options.map(String)
        if (at.depth < full.length) {
          return [err(full, pos, `is required: one of ${values.join(' | ')}`, requiredFix(full, info?.description))]
        }
        const guess = at.node !== undefined && isScalar(at.node) && !c.interpolated.has(at.node) ? didYouMean(String(at.node.value), values) : undefined
        return [err(full, pos, `must be one of ${values.join(' | ')}, got ${found}`, guess !== undefined ? `did you mean "${guess}"?` : undefined)]
      }
      return [err(full, pos, `does not match any allowed form, got ${found}`, describeFix)]
    }
    case 'too_small':
    case 'too_big': {
      if (issue.message.startsWith('must ')) return [err(full, pos, `${issue.message}, got ${found}`, describeFix)]
      const small = issue.code === 'too_small'
      const bound = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum
      const inclusive = issue.inclusive !== false
      if (issue.origin === 'string' && small) return [err(full, pos, 'must not be empty', describeFix)]
      if (issue.origin === 'array' || issue.origin === 'set') {
        return [err(full, pos, `must have ${small ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}`, describeFix)]
      }
      const rel = small ? (inclusive ? 'at least' : 'greater than') : (inclusive ? 'at most' : 'less than')
      return [err(full, pos, `must be ${rel} ${bound}, got ${found}`, describeFix)]
    }
    case 'custom': {
      const params = (issue.params ?? {}) as { fix?: string; omitFound?: boolean }
      const problem = params.omitFound === true ? issue.message : `${issue.message}, got ${found}`
      return [err(full, pos, problem, params.fix ?? describeFix)]
    }
    default: {
      const problem = issue.message.startsWith('must ') ? issue.message : `is invalid (${issue.message})`
      return [err(full, pos, `${problem}, got ${found}`, describeFix)]
    }
  }
}

/** Dotted key path with list indexes in brackets: `data.chain[1]`. */
export function fieldName(path: readonly PropertyKey[]): string {
  let s = ''
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : (s === '' ? String(p) : `.${String(p)}`)
  return s === '' ? '(config)' : s
}

function requiredFix(full: readonly PropertyKey[], description: string | undefined): string {
  const key = String(full[full.length - 1])
  const parent = full.length > 1 ? ` under ${fieldName(full.slice(0, -1))}` : ' at the top level'
  return `add ${key}:${parent}${description !== undefined ? `. ${key}: ${description}` : '.'}`
}

/** Where to point: at the value when it exists; at its key when the value is a mapping or list (the
 * key is where a reader looks); at the deepest existing key when the value is missing. */
function positionOf(c: IssueContext, at: ReturnType<typeof yamlNodeAt>): ConfigPosition {
  const n = at.node
  if (n !== undefined && (isScalar(n) || !at.key) && n.range) return lineCol(c, n.range[0])
  if (at.key?.range) return lineCol(c, at.key.range[0])
  const root = c.doc.contents as Node | null
  return lineCol(c, root?.range?.[0] ?? 0)
}

function lineCol(c: IssueContext, offset: number | undefined): ConfigPosition {
  const p = c.lines.linePos(offset ?? 0)
  return { line: p.line, col: p.col }
}

function typeName(expected: string): string {
  switch (expected) {
    case 'int': return 'a whole number'
    case 'object': return 'a mapping (key: value lines)'
    case 'array': return 'a list'
    case 'boolean': return 'true or false'
    case 'record': return 'a mapping (key: value lines)'
    default: return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`
  }
}

function describeFound(node: Node | undefined, exists: boolean, secret: boolean, interpolated: WeakMap<Node, readonly string[]>): string {
  if (!exists || node === undefined) return 'nothing'
  const vars = interpolated.get(node)
  if (vars !== undefined) return `the value of ${vars.map((v) => `\${${v}}`).join(', ')}`
  if (isMap(node)) return 'a mapping'
  if (isSeq(node)) return 'a list'
  if (!isScalar(node)) return 'an unsupported YAML node'
  const v = node.value
  if (v === null || v === undefined) return 'an empty value'
  if (secret) return `a ${typeof v} (not shown: secret field)`
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v)
  return String(v)
}
