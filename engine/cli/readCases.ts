import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { InputError } from '../errors/input.ts'
import type { OptionKind, PricingModel } from '../domain/pricing/types.ts'

const MODELS: readonly PricingModel[] = ['bsm', 'black76', 'inverse']
const KINDS: readonly OptionKind[] = ['call', 'put']

/** One option case, as read from the command line or a CSV row. `where` is `file:line` or `--flag`. */
export interface OptionCase {
  readonly where: string
  readonly model: PricingModel
  readonly kind: OptionKind
  readonly underlying: number
  readonly strike: number
  readonly tYears: number
  readonly rate: number
  readonly div: number
  /** Volatility (fraction) for `price`, or the option price for `iv`. */
  readonly value: number
}

/** Which number a command reads besides the contract terms: `vol` for pricing, `price` for implied vol. */
export type CaseValue = 'vol' | 'price'

/** Reads a field from a source (CSV row or flags) with the rule every field shares. */
type FieldSource = (field: string) => string | undefined

/** Parses and checks one case; the first problem throws an InputError naming `where` and the field. */
export function parseCase(get: FieldSource, value: CaseValue, where: (field: string) => string): OptionCase {
  const text = (field: string, required: boolean): string | undefined => {
    const raw = get(field)?.trim()
    if (raw === undefined || raw === '') {
      if (required) throw new InputError(where(field), field, 'is missing')
      return undefined
    }
    return raw
  }
  const num = (field: string, rule: 'positive' | 'nonNegative' | 'any', fallback?: number): number => {
    const raw = text(field, fallback === undefined)
    if (raw === undefined) return fallback as number
    const x = Number(raw)
    if (!Number.isFinite(x)) throw new InputError(where(field), field, `must be a number, got "${raw}"`)
    if (rule === 'positive' && !(x > 0)) throw new InputError(where(field), field, `must be greater than 0, got ${raw}`)
    if (rule === 'nonNegative' && x < 0) throw new InputError(where(field), field, `must not be negative, got ${raw}`)
    return x
  }
  const model = text('model', true) as PricingModel
  if (!MODELS.includes(model)) {
    throw new InputError(where('model'), 'model', `must be one of ${MODELS.join(', ')}, got "${model}"`)
  }
  const kind = text('type', true) as OptionKind
  if (!KINDS.includes(kind)) throw new InputError(where('type'), 'type', `must be call or put, got "${kind}"`)
  return {
    where: where('model'),
    model,
    kind,
    underlying: num('underlying', 'positive'),
    strike: num('strike', 'positive'),
    tYears: num('time', 'nonNegative'),
    value: num(value, 'nonNegative'),
    rate: num('rate', 'any', 0),
    div: num('div', 'any', 0),
  }
}

/** Reads every row of a cases CSV and checks them all before anything is computed, so bad input never leaves
 * partial output. Header: `model,type,underlying,strike,time,<vol|price>,rate[,div]`. */
export function readCasesCsv(file: string, value: CaseValue): OptionCase[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new InputError(file, 'file', `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`)
  }
  let rows: { record: string[]; info: { lines: number } }[]
  try {
    rows = parse(text, { info: true, skip_empty_lines: true, relax_column_count: false }) as unknown as typeof rows
  } catch (e) {
    const line = (e as { lines?: number }).lines
    throw new InputError(line === undefined ? file : `${file}:${line}`, 'row', `is not valid CSV: ${(e as Error).message}`)
  }
  const header = rows.shift()
  if (header === undefined) throw new InputError(file, 'header', 'is missing: the file is empty')
  const names = header.record.map((h) => h.trim())
  for (const required of ['model', 'type', 'underlying', 'strike', 'time', value, 'rate']) {
    if (!names.includes(required)) {
      throw new InputError(`${file}:${header.info.lines}`, required, `column is missing from the header "${names.join(',')}"`,
        `the header must be model,type,underlying,strike,time,${value},rate,div`)
    }
  }
  return rows.map(({ record, info }) => {
    const at = `${file}:${info.lines}`
    return parseCase((f) => { const i = names.indexOf(f); return i < 0 ? undefined : record[i] }, value, () => at)
  })
}
