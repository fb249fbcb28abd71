// Regenerates config/schema.json from the zod schema: `npx tsx engine/config/writeSchema.ts`.
// (Same output as `optvault config schema > config/schema.json`.) test/engine/config/schemaJson.test.ts
// fails when the committed file is stale.
import { fileURLToPath } from 'node:url'
import { writeFileAtomic } from '../../data/io/writeAtomic.ts'
import { configJsonSchemaText } from './configJsonSchema.ts'

const out = fileURLToPath(new URL('../../config/schema.json', import.meta.url))
writeFileAtomic(out, configJsonSchemaText())
process.stdout.write(`wrote ${out}\n`)
