import { z } from 'zod'
import { configPath } from './configPath.ts'
import type { SchemaContext } from './schemaContext.ts'

/** Which strategy runs: a built-in by `name` or a plugin file by `path`, and its `params`. The params are
 * checked here only as a mapping; the strategy's own schema checks them (loadConfig's
 * `strategyParamsSchema` option), with positions, in the same pass. */
export function strategySchema(ctx: SchemaContext) {
  return z.strictObject({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'must be a built-in strategy name in kebab-case, such as covered-call' }).optional()
      .describe('Built-in strategy, e.g. covered-call or gamma-vault. Give either name or path.'),
    path: configPath(ctx, 'Strategy plugin file (.ts or .js), relative to this config file. Give either name or path.', ['.ts', '.js', '.mts', '.mjs']).optional(),
    params: z.record(z.string(), z.unknown()).default({})
      .describe('Strategy parameters; the strategy\'s own schema checks them and fills its defaults.'),
  }).superRefine((s, issue) => {
    if ((s.name === undefined) === (s.path === undefined)) {
      issue.addIssue({
        code: 'custom',
        message: s.name === undefined ? 'needs either name or path' : 'has both name and path',
        params: { omitFound: true, fix: 'give exactly one: name: covered-call (built-in) or path: ./myStrategy.ts (plugin).' },
      })
    }
  }).describe('The strategy to run and its parameters.')
}
