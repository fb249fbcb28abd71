import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { z } from 'zod'
import type { SchemaContext } from './schemaContext.ts'

/** A file path written relative to the config file (or absolute); it loads as an absolute path, so a config
 * runs the same from any working directory. `extensions` limits the file kinds, e.g. ['.ts', '.js']. */
export function configPath(ctx: SchemaContext, description: string, extensions?: readonly string[]) {
  return z.string().min(1).transform((p, issue) => {
    const abs = isAbsolute(p) ? p : resolve(ctx.baseDir, p)
    if (extensions && !extensions.some((e) => p.endsWith(e))) {
      issue.addIssue({ code: 'custom', message: `must name a ${extensions.join(' or ')} file, got "${p}"`, params: { omitFound: true } })
    } else if (ctx.checkFiles && !existsSync(abs)) {
      issue.addIssue({
        code: 'custom',
        message: `names ${abs}, which does not exist`,
        params: { omitFound: true, fix: 'paths are relative to the config file\'s folder; check the spelling or create the file.' },
      })
    }
    return abs
  }).describe(description)
}
