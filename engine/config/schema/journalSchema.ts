import { z } from 'zod'
import { configPath } from './configPath.ts'
import type { SchemaContext } from './schemaContext.ts'

/** The run journal: every decision, order and fill, so a live run restarts where it stopped. */
export function journalSchema(ctx: SchemaContext) {
  return z.strictObject({
    path: configPath({ ...ctx, checkFiles: false }, 'SQLite journal file, relative to this config file; created when missing.'),
  }).describe('Run journal (SQLite).')
}
