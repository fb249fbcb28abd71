import { z } from 'zod'
import { optvaultConfigSchema } from './schema/optvaultConfigSchema.ts'

/** JSON Schema (draft-07, which yaml-language-server and VS Code read) of the config file as written:
 * input types, defaults and every field's description with its units. config/schema.json is this, pretty-printed.
 * @example writeFileSync('config/schema.json', configJsonSchemaText()) */
export function configJsonSchema(): Record<string, unknown> {
  // baseDir and fileStem only shape loaded values (absolute paths, the journal name), not the schema's shape
  const schema = optvaultConfigSchema({ baseDir: '.', checkFiles: false, fileStem: 'config' })
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>
  const { $schema, ...rest } = json
  return { $schema, title: 'optvault config', ...rest }
}

/** The exact text of config/schema.json: two-space JSON and a final newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`
}
