import { basename, dirname, extname, resolve } from 'node:path'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Document, type Node } from 'yaml'
import type { z } from 'zod'
import { ConfigFieldError, ConfigInvalidError } from '../errors/config.ts'
import { didYouMean } from './didYouMean.ts'
import { interpolateEnv } from './interpolateEnv.ts'
import { fieldName, issueToFieldErrors, type IssueContext } from './issueToFieldErrors.ts'
import { schemaAt } from './schemaAt.ts'
import { optvaultConfigSchema, type OptvaultConfig } from './schema/optvaultConfigSchema.ts'
import { strategySchema } from './schema/strategySchema.ts'
import type { SchemaContext } from './schema/schemaContext.ts'

/** The strategy section as the params hook sees it: a built-in name or an absolute plugin path. */
export interface StrategyRef { readonly name?: string | undefined; readonly path?: string | undefined }

export interface ParseConfigOptions {
  /** Where `${VAR}` values come from. Default: process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Check that every data, strategy and gas file the config names exists. Default false. */
  readonly checkFiles?: boolean
  /** The strategy's own params schema, when the runtime knows it: params are validated with positions
   * and returned parsed (defaults filled). Undefined means "not known yet": params stay as written. */
  readonly strategyParamsSchema?: (strategy: StrategyRef) => z.ZodType | undefined
  /** Built-in strategy names. When given, an unknown strategy.name is an error with a "did you mean". */
  readonly knownStrategies?: readonly string[]
}

/** Parses and validates config YAML. Every problem in the file is collected, with file:line:column, and
 * thrown together as one ConfigInvalidError (exit 2). Relative paths resolve against `fileName`'s folder.
 * @example const cfg = parseConfigText(yamlText, 'config/covered-call.yaml', { env: { DERIBIT_KEY: 'k' } }) */
export function parseConfigText(text: string, fileName: string, opts: ParseConfigOptions = {}): OptvaultConfig {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const errors: ConfigFieldError[] = []
  const at = (offset: number) => { const p = lines.linePos(offset); return { line: p.line, col: p.col } }

  // A syntax error leaves the tree's shape in doubt, so nothing else is checked until it is fixed.
  const textLines = text.split('\n')
  for (const e of doc.errors) {
    const where = at(e.pos[0])
    // `{` and `}` end a flow mapping, so `{ apiKey: ${KEY} }` breaks YAML itself; say so instead of the parser's words
    const placeholderInFlow = /\$\{/.test(textLines[where.line - 1] ?? '') && /[[{]/.test(textLines[where.line - 1] ?? '')
    errors.push(new ConfigFieldError(fileName, where, '(yaml)', `is not valid YAML: ${firstLine(e.message)}`,
      placeholderInFlow
        ? 'inside { } or [ ], quote a placeholder ("${KEY}"), or write the mapping one key per line.'
        : 'check indentation (spaces, not tabs) and that every "key: value" has a space after the colon.'))
  }
  if (errors.length > 0) throw new ConfigInvalidError(fileName, errors)
  if (!isMap(doc.contents)) {
    const found = doc.contents === null ? 'an empty file' : isSeq(doc.contents) ? 'a list' : 'a single value'
    throw new ConfigInvalidError(fileName, [new ConfigFieldError(fileName, at(doc.contents?.range?.[0] ?? 0), '(config)',
      `must be a mapping of sections (vault:, strategy:, …), got ${found}`, 'start from config/covered-call.yaml.')])
  }

  const interpolated = new WeakMap<Node, readonly string[]>()
  const failed: (readonly PropertyKey[])[] = []
  const scalars: { path: PropertyKey[]; node: Scalar }[] = []
  walkScalars(doc, doc.contents, [], scalars)
  const env = opts.env ?? process.env
  for (const { path, node } of scalars) {
    if (typeof node.value !== 'string' || !node.value.includes('${')) continue
    const r = interpolateEnv(node.value, env)
    if (!r.ok) {
      errors.push(new ConfigFieldError(fileName, at(node.range?.[0] ?? 0), fieldName(path), r.problem, r.fix))
      failed.push(path)
      continue
    }
    interpolated.set(node, r.vars)
    node.value = r.whole && node.type === Scalar.PLAIN ? plainValue(r.value) : r.value
  }

  const data = doc.toJS({ maxAliasCount: 1000 }) as Record<string, unknown>
  const ctx = { baseDir: dirname(resolve(fileName)), checkFiles: opts.checkFiles ?? false, fileStem: basename(fileName, extname(fileName)) }
  const { schema, strategy } = schemasFor(ctx)
  const issueCtx: IssueContext = { file: fileName, doc, lines, schema, data, prefix: [], interpolated }
  const underFailed = (p: readonly PropertyKey[]) => failed.some((f) => f.every((s, i) => String(p[i]) === String(s)))

  // Secrets must come from the environment: a key written into a YAML file ends up in git.
  for (const { path, node } of scalars) {
    if (interpolated.has(node) || underFailed(path) || node.value === null) continue
    if (schemaAt(schema, path, data)?.secret === true) {
      errors.push(new ConfigFieldError(fileName, at(node.range?.[0] ?? 0), fieldName(path),
        'must come from an environment variable, not be written in the file',
        `write ${String(path[path.length - 1])}: \${SOME_NAME} and export SOME_NAME, so the secret never sits in a file.`))
    }
  }

  const parsed = schema.safeParse(data)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (underFailed(issue.path)) continue
      errors.push(...issueToFieldErrors(issue, issueCtx))
    }
  }

  const params = checkStrategy(data, strategy, opts, { ...issueCtx }, errors)
  if (errors.length > 0 || !parsed.success) throw new ConfigInvalidError(fileName, dedupe(errors))
  return params === undefined ? parsed.data : { ...parsed.data, strategy: { ...parsed.data.strategy, params } }
}

/** Checks strategy.name against known names and strategy.params against the strategy's own schema.
 * Returns the parsed params when a schema checked them. */
function checkStrategy(data: Record<string, unknown>, schema: ReturnType<typeof strategySchema>, opts: ParseConfigOptions,
  issueCtx: IssueContext, errors: ConfigFieldError[]): Record<string, unknown> | undefined {
  const s = schema.safeParse(data.strategy)
  if (!s.success) return undefined
  if (s.data.name !== undefined && opts.knownStrategies !== undefined && !opts.knownStrategies.includes(s.data.name)) {
    const guess = didYouMean(s.data.name, opts.knownStrategies)
    errors.push(...issueToFieldErrors({
      code: 'custom', path: ['strategy', 'name'], input: s.data.name,
      message: `is not a built-in strategy (built-ins: ${opts.knownStrategies.join(', ')})`,
      params: { omitFound: true, fix: guess !== undefined ? `did you mean "${guess}"?` : 'or give path: ./myStrategy.ts for a plugin.' },
    }, issueCtx))
    return undefined
  }
  const ps = opts.strategyParamsSchema?.({ name: s.data.name, path: s.data.path })
  if (ps === undefined) return undefined
  const raw = (data.strategy as Record<string, unknown>).params ?? {}
  const r = ps.safeParse(raw)
  if (r.success) return r.data as Record<string, unknown>
  for (const issue of r.error.issues) {
    errors.push(...issueToFieldErrors(issue, { ...issueCtx, schema: ps, data: raw, prefix: ['strategy', 'params'] }))
  }
  return undefined
}

type Schemas = { schema: ReturnType<typeof optvaultConfigSchema>; strategy: ReturnType<typeof strategySchema> }
const schemaCache = new Map<string, Schemas>()

/** Schemas for one config location. Building them and zod's first parse (which compiles a fast path per
 * object) cost more than the rest of a load, so the few locations a process reads are kept. */
function schemasFor(ctx: SchemaContext): Schemas {
  const key = `${ctx.baseDir}\0${ctx.checkFiles}\0${ctx.fileStem}`
  let hit = schemaCache.get(key)
  if (hit === undefined) {
    if (schemaCache.size >= 16) schemaCache.clear()
    hit = { schema: optvaultConfigSchema(ctx), strategy: strategySchema(ctx) }
    schemaCache.set(key, hit)
  }
  return hit
}

/** Value and path of every scalar in the tree. Keys are left alone: `${…}` only fills values. */
function walkScalars(doc: Document, node: unknown, path: PropertyKey[], out: { path: PropertyKey[]; node: Scalar }[]): void {
  if (isMap(node)) {
    for (const p of node.items) if (isScalar(p.key)) walkScalars(doc, p.value, [...path, String(p.key.value)], out)
  } else if (isSeq(node)) {
    node.items.forEach((it, i) => walkScalars(doc, it, [...path, i], out))
  } else if (isScalar(node)) {
    out.push({ path, node })
  }
}

/** A plain `${NAV:-10}` reads as YAML would read `10`: numbers and booleans keep their type. Nothing else
 * is parsed, so an environment value can never inject YAML structure. */
function plainValue(s: string): string | number | boolean {
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s)
  if (s === 'true' || s === 'false') return s === 'true'
  return s
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '')
}

function dedupe(errors: readonly ConfigFieldError[]): ConfigFieldError[] {
  const seen = new Set<string>()
  return errors.filter((e) => { const k = e.message; if (seen.has(k)) return false; seen.add(k); return true })
}
