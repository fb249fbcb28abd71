import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import { InputError } from '../../errors/input.ts'

interface BacktestFlags { data?: string; from?: string; to?: string; out?: string; seed?: string; quiet?: boolean; json?: boolean }

export function registerBacktest(program: Command, io: CliIo): void {
  program.command('backtest')
    .description('Run a strategy config over historical or synthetic data through the simulated venue.')
    .argument('<config>', 'YAML config, e.g. config/covered-call.yaml')
    .option('--data <file>', 'bars file to run on instead of the config\'s data.bars')
    .option('--from <date>', 'first bar (ISO 8601 UTC)')
    .option('--to <date>', 'last bar (ISO 8601 UTC)')
    .option('--out <dir>', 'output folder (default out/<config name>)')
    .option('--seed <n>', 'seed for anything random (part of the run id)')
    .option('--quiet', 'no progress bar')
    .option('--json', 'print summary.json instead of the short summary')
    .action(async (config: string, f: BacktestFlags) => {
      let seed: number | undefined
      if (f.seed !== undefined) {
        seed = Number(f.seed)
        if (!Number.isSafeInteger(seed)) throw new InputError('--seed', '--seed', `must be an integer, got "${f.seed}"`)
      }
      // the backtester and cli-progress load here, not at start-up: `optvault --help` should not pay for them
      const { backtestFromConfig } = await import('../../../backtest/loop/backtestFromConfig.ts')
      const { summaryJson } = await import('../../../backtest/outputs/backtestSummary.ts')
      const cliProgress = (await import('cli-progress')).default
      const bar = io.isTty && !f.quiet && !f.json
        ? new cliProgress.SingleBar({ format: 'backtest [{bar}] {percentage}% | {value}/{total} bars', hideCursor: true, stream: process.stdout }, cliProgress.Presets.shades_classic)
        : undefined
      let started = false
      try {
        const run = await backtestFromConfig({
          configFile: config,
          ...(f.data !== undefined ? { data: f.data } : {}), ...(f.from !== undefined ? { from: f.from } : {}),
          ...(f.to !== undefined ? { to: f.to } : {}), ...(f.out !== undefined ? { out: f.out } : {}),
          ...(seed !== undefined ? { seed } : {}),
          ...(bar ? { onProgress: (done: number, total: number) => { if (!started) { bar.start(total, 0); started = true } bar.update(done) } } : {}),
        })
        bar?.stop()
        if (f.json) { io.out(summaryJson(run.summary)); return }
        const s = run.summary
        const v = s.vault
        const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? String(x) : `${(x * 100).toFixed(2)}%`)
        const num = (x: number | null, d = 2) => (x === null || !Number.isFinite(x) ? String(x) : x.toFixed(d))
        io.out([
          `${s.strategy} on ${s.asset}: ${s.bars} bars ${s.start} .. ${s.end}, ${v.epochs} epochs (${v.epochsWon} won, ${v.epochsLost} lost)`,
          `NAV ${num(v.navStart, 6)} -> ${num(v.navEnd, 6)} ${s.unit} (${pct(v.totalReturn)}); in ${s.quote}: ${pct(s.metrics.totalReturn)} vs buy-and-hold ${pct(s.buyAndHold.totalReturn)}`,
          `Sharpe ${num(s.metrics.sharpe)}, max drawdown ${pct(s.metrics.maxDrawdown)}; premium ${num(v.premiumCollected, 6)}, hedge P&L ${num(v.hedgePnl, 6)}, fees ${num(v.fees, 6)} ${s.unit}`,
          `${v.trades} trades, ${v.liquidations} liquidations`,
          `outputs: ${run.outDir}`,
        ].join('\n') + '\n')
      } finally {
        if (started) bar?.stop()
      }
    })
}
