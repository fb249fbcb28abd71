import { parseDocument } from 'yaml'
import type { ParamPoint } from './gridPoints.ts'

/** The config YAML with each dotted path set to its value (missing mappings are created), comments kept.
 * The result is validated like any config file, so a bad value fails that run at its path, not the sweep.
 * @example configWithParams('hedge:\n  band: 0.05\n', { 'hedge.band': 0.02 }) // 'hedge:\n  band: 0.02\n' */
export function configWithParams(text: string, params: ParamPoint): string {
  if (Object.keys(params).length === 0) return text
  const doc = parseDocument(text)
  for (const [path, value] of Object.entries(params)) doc.setIn(path.split('.'), value)
  return doc.toString()
}
