/** CLI start-up: wall time of the real bin as a fresh process, median of 10 runs each. Before the commands loaded
 * their implementations on use, `--version` took 1.9 s and `price --json` 2.7 s here (medians, 2 busy cores). */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { medianMs, report } from '../../support/bench.ts'

const bin = fileURLToPath(new URL('../../../bin/optvault.js', import.meta.url))
const PRICE = ['price', '--model', 'bsm', '--type', 'call', '--underlying', '60', '--strike', '65', '--time', '0.25', '--vol', '0.3',
  '--rate', '0.08', '--json']

function run(args: readonly string[]): void {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`optvault ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
}

for (const [name, args, targetMs] of [
  ['--version', ['--version'], 1000],
  ['--help', ['--help'], 1000],
  ['price --json (one option)', PRICE, 1200],
] as const) {
  const ms = medianMs(() => run(args), 10, 1)
  report(`optvault ${name}: process start to exit`, `${(ms / 1000).toFixed(3)} s median of 10`,
    { ok: ms < targetMs, text: `< ${(targetMs / 1000).toFixed(1)} s` })
}
