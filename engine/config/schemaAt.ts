import { z } from 'zod'
import { secretFields } from './secret.ts'

/** What the schema says about one key path: its description, whether it is secret, and, where the value
 * is a mapping, the keys allowed there (for "did you mean"). */
export interface SchemaInfo {
  readonly description: string | undefined
  readonly secret: boolean
  readonly keys: readonly string[] | undefined
}

type Path = readonly PropertyKey[]

/** Walks `schema` down `path`. `data` is the parsed YAML at the same root; it picks the branch of a
 * discriminated union (`trigger: band` allows `band`, not `moveFraction`). Undefined when the path leaves
 * the schema, e.g. under an unknown key.
 * @example schemaAt(hedgeSchema, ['band'], { trigger: 'band' })?.description */
export function schemaAt(schema: z.ZodType, path: Path, data: unknown): SchemaInfo | undefined {
  let layers = unwrap(schema)
  let here = data
  for (const seg of path) {
    const next = child(layers, seg, here)
    if (next === undefined) return undefined
    layers = unwrap(next)
    here = isRecord(here) || Array.isArray(here) ? (here as Record<PropertyKey, unknown>)[seg as string] : undefined
  }
  const description = layers.map((l) => l.description).find((d) => d !== undefined)
  return { description, secret: layers.some((l) => secretFields.has(l)), keys: keysOf(layers, here) }
}

/** The schema and every wrapper inside it (optional, default, pipe input…), outermost first. */
function unwrap(s: z.ZodType): z.ZodType[] {
  const out: z.ZodType[] = [s]
  let cur: z.ZodType = s
  for (;;) {
    let inner: z.ZodType | undefined
    if (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable || cur instanceof z.ZodDefault
      || cur instanceof z.ZodPrefault || cur instanceof z.ZodReadonly || cur instanceof z.ZodCatch) {
      inner = (cur as unknown as { unwrap(): z.ZodType }).unwrap()
    } else if (cur instanceof z.ZodPipe) {
      inner = cur.in as z.ZodType
    }
    if (inner === undefined) return out
    out.push(inner)
    cur = inner
  }
}

function child(layers: readonly z.ZodType[], seg: PropertyKey, data: unknown): z.ZodType | undefined {
  const core = layers[layers.length - 1]
  if (core instanceof z.ZodObject) return (core.shape as Record<string, z.ZodType>)[String(seg)]
  if (core instanceof z.ZodRecord) return core.valueType as z.ZodType
  if (core instanceof z.ZodArray) return typeof seg === 'number' ? core.element as z.ZodType : undefined
  if (core instanceof z.ZodUnion) {
    for (const o of branches(core, data)) {
      const c = child(unwrap(o), seg, data)
      if (c !== undefined) return c
    }
  }
  return undefined
}

/** The union branches that can apply to `data`: the matching branch of a discriminated union, or all. */
function branches(u: z.ZodUnion, data: unknown): z.ZodType[] {
  const options = u.options as z.ZodType[]
  const disc = (u.def as { discriminator?: string }).discriminator
  if (disc === undefined || !isRecord(data)) return options
  const picked = options.filter((o) => {
    const core = unwrap(o).at(-1)
    const lit = core instanceof z.ZodObject ? (core.shape as Record<string, z.ZodType>)[disc] : undefined
    return lit instanceof z.ZodLiteral && lit.values.has(data[disc] as never)
  })
  return picked.length > 0 ? picked : options
}

function keysOf(layers: readonly z.ZodType[], data: unknown): string[] | undefined {
  const core = layers[layers.length - 1]
  if (core instanceof z.ZodObject) return Object.keys(core.shape)
  if (core instanceof z.ZodUnion) {
    const all = branches(core, data).flatMap((o) => keysOf(unwrap(o), data) ?? [])
    return all.length > 0 ? [...new Set(all)] : undefined
  }
  return undefined
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
