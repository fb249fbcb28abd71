import type { Command } from 'commander'
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CliIo } from '../io.ts'
import { InputError } from '../../errors/input.ts'

const SAMPLES = fileURLToPath(new URL('../../../data/samples/', import.meta.url))

/** `optvault new-strategy NAME [--dir DIR]`: writes DIR/NAME/ with a working plugin (index.ts, importing only
 * from 'optvault'), its config (NAME.yaml, on the bundled sample data) and a vitest test (NAME.test.ts). All three
 * appear together or not at all, and an existing DIR/NAME is never touched. */
export function registerNewStrategy(program: Command, io: CliIo): void {
  program.command('new-strategy')
    .description('Write a working strategy plugin skeleton, its YAML config and a test into a new folder.')
    .argument('<name>', 'strategy name in kebab-case, e.g. my-straddle; also the folder name')
    .option('--dir <dir>', 'where to create the folder', '.')
    .action((name: string, o: { dir: string }) => {
      const files = newStrategy(name, o.dir)
      io.out(`Created ${files.folder}\n${files.written.map((f) => `  ${f}\n`).join('')}` +
        `Next:\n  npx optvault config validate ${join(files.folder, `${name}.yaml`)}\n` +
        `  npx vitest run ${join(files.folder, `${name}.test.ts`)}\n` +
        `  npx optvault backtest ${join(files.folder, `${name}.yaml`)}\n`)
    })
}

/** Writes the skeleton; returns the folder and the file names. Throws InputError (exit 2) for a name that is not
 * kebab-case or a folder that already exists. */
export function newStrategy(name: string, dir: string): { folder: string; written: string[] } {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw new InputError('new-strategy', 'NAME', `must be kebab-case (lower-case letters, digits and single dashes, starting with a letter), got "${name}"`,
      'try a name such as my-straddle.')
  }
  const parent = resolve(dir)
  const folder = join(parent, name)
  if (existsSync(folder)) {
    throw new InputError(folder, 'NAME', 'already exists; new-strategy never overwrites',
      'pick another name, another --dir, or move the existing folder away.')
  }
  mkdirSync(parent, { recursive: true })
  const files: Record<string, string> = {
    'index.ts': pluginSource(name),
    [`${name}.yaml`]: configSource(name, folder),
    [`${name}.test.ts`]: testSource(name),
  }
  // Write into a hidden sibling and rename it into place: the folder appears complete or not at all.
  const tmp = mkdtempSync(join(parent, `.${name}-`))
  try {
    for (const [f, text] of Object.entries(files)) writeFileSync(join(tmp, f), text)
    renameSync(tmp, folder)
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true })
    throw e
  }
  return { folder, written: Object.keys(files) }
}

function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())
}

function pluginSource(name: string): string {
  return `// ${name}: an optvault strategy plugin. It sells a call near a target delta each epoch, as many as the
// vault's free collateral covers, and re-hedges delta on the config's hedge rule. Change the hooks to make it yours;
// docs/writing-a-strategy.md in optvault walks through each one.
import { defineStrategy, hedgeDecision, z } from 'optvault'

export default defineStrategy({
  name: '${name}',
  apiVersion: 1,
  description: 'Sell a call near a target delta each epoch; hedge on the config rule.',
  params: z.object({
    targetDelta: z.number().min(0.01).max(0.5).default(0.2)
      .describe('Call delta to sell: the listed strike whose delta is nearest.'),
    minDaysToExpiry: z.number().min(0).default(5)
      .describe('Sell the nearest listed expiry at least this many days out.'),
  }),

  onEpochStart(ctx, p) {
    const qty = Math.floor(ctx.vault.freeCollateral() * 10) / 10 // Deribit BTC options trade in 0.1 steps
    if (qty <= 0) return
    const expiryMs = ctx.chain.nearestExpiry({ minDays: p.minDaysToExpiry })
    const call = ctx.chain.nearestByDelta({ kind: 'call', delta: p.targetDelta, expiryMs })
    ctx.sell(call.id, qty, { reason: \`epoch \${ctx.vault.epoch.index}: sell \${call.id}\` })
  },

  onBar(ctx) {
    if (ctx.hedge === undefined) return // the config has no hedge section
    const spot = ctx.market.spot()
    const d = hedgeDecision(ctx.hedge, {
      nowMs: ctx.now, barMs: ctx.market.barMs, spot, delta: ctx.portfolio.delta(), gamma: ctx.portfolio.gamma(),
      navAsset: ctx.vault.navAsset(), lastHedgeSpot: ctx.state?.get('lastHedgeSpot') as number | undefined,
    })
    if (!d.rehedge) return
    ctx.hedgeDeltaTo(d.hedgeToUnits / ctx.vault.navAsset(), { reason: d.reason })
    ctx.state?.set('lastHedgeSpot', spot)
  },
})
`
}

function configSource(name: string, folder: string): string {
  const sample = (f: string) => relative(folder, join(SAMPLES, f)).split(sep).join('/')
  return `# yaml-language-server: $schema=${relative(folder, fileURLToPath(new URL('../../../config/schema.json', import.meta.url))).split(sep).join('/')}
# The ${name} plugin on optvault's bundled sample data.
#   npx optvault config validate ${name}.yaml
#   npx optvault backtest ${name}.yaml

vault:
  asset: BTC
  collateral: underlying      # the vault holds BTC; the calls it sells are covered by it
  initialNav: 10              # BTC
  epoch: { every: weekly, weekday: friday, hourUtc: 8 }   # Deribit weeklies expire Fridays 08:00 UTC

strategy:
  path: ./index.ts            # this plugin, relative to this file
  params:                     # checked by the plugin's own schema
    targetDelta: 0.2
    minDaysToExpiry: 5        # days

data:
  bars: ${sample('btc-usd-1h-sample.csv')}
  vol: ${sample('btc-vol-1d-sample.csv')}
  barSize: 1h
  gapPolicy: forward-fill

iv:
  source: index

execution:
  venue: sim
  fees: { makerBps: 0, takerBps: 5 }
  slippage: { model: bps, bps: 5 }

hedge:
  instrument: perp
  targetDelta: 1.0            # stay as long as holding the NAV in BTC
  trigger: band
  band: 0.05                  # re-hedge when delta is more than 5% of NAV off target
`
}

function testSource(name: string): string {
  const v = camel(name)
  return `// Tests for ${name}. The context below is hand-built for one decision; add one per rule your strategy has.
import { describe, expect, test } from 'vitest'
import type { StrategyContext } from 'optvault'
import ${v} from './index.ts'

describe('${name}', () => {
  test('parameters have defaults and reject nonsense', () => {
    expect(${v}.params.parse({})).toEqual({ targetDelta: 0.2, minDaysToExpiry: 5 })
    expect(${v}.params.safeParse({ targetDelta: 2 }).success).toBe(false)
  })

  test('at epoch start it sells the chosen call on all free collateral, in 0.1 steps', async () => {
    const sold: { id: string; qty: number }[] = []
    const expiryMs = Date.UTC(2024, 5, 14, 8)
    const ctx = {
      vault: { freeCollateral: () => 7.37, epoch: { index: 3 } },
      chain: {
        nearestExpiry: ({ minDays }: { minDays: number }) => { expect(minDays).toBe(5); return expiryMs },
        nearestByDelta: (o: { kind: string; delta: number }) => {
          expect(o).toMatchObject({ kind: 'call', delta: 0.2, expiryMs })
          return { id: 'BTC-14JUN24-65000-C' }
        },
      },
      sell: (id: string, qty: number) => { sold.push({ id, qty }); return 'c1' },
    } as unknown as StrategyContext
    await ${v}.onEpochStart?.(ctx, ${v}.params.parse({}))
    expect(sold).toEqual([{ id: 'BTC-14JUN24-65000-C', qty: 7.3 }])
  })
})
`
}
