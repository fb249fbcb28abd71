import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml'

/** Where a key path lands in a parsed YAML document. `node` is the value at the path (undefined when the
 * key is missing); `key` is the key scalar of the last pair walked, which is where "missing" and
 * "unknown key" errors point; `depth` says how many path segments exist in the file. */
export interface YamlLocation { readonly node: Node | undefined; readonly key: Scalar | undefined; readonly depth: number }

/** Follows `path` through maps and lists, through aliases to their anchors.
 * @example yamlNodeAt(doc, ['hedge', 'band']).node?.range // where the band value sits */
export function yamlNodeAt(doc: Document, path: readonly PropertyKey[]): YamlLocation {
  let node = doc.contents as Node | null | undefined ?? undefined
  let key: Scalar | undefined
  let depth = 0
  for (const seg of path) {
    if (node !== undefined && isAlias(node)) node = (node.resolve(doc) as Node | undefined)
    if (node !== undefined && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))
      if (pair === undefined) return { node: undefined, key, depth }
      key = pair.key as Scalar
      node = (pair.value as Node | null) ?? undefined
    } else if (node !== undefined && isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
      node = node.items[seg] as Node
    } else {
      return { node: undefined, key, depth }
    }
    depth++
  }
  if (node !== undefined && isAlias(node)) node = (node.resolve(doc) as Node | undefined)
  return { node, key, depth }
}
