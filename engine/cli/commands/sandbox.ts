import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import { InputError } from '../../errors/input.ts'

interface SandboxFlags { port: string; chainPort: string; chain: boolean; keeper: boolean; seed: string }

export function registerSandbox(program: Command, io: CliIo): void {
  program.command('sandbox')
    .description('Start, on 127.0.0.1 only, a Deribit API v2 emulator and a local EVM with Uniswap v3; print the endpoints; run until Ctrl-C.')
    .option('--port <n>', 'Deribit emulator port (config/sandbox.yaml expects the default, SANDBOX_DERIBIT_PORT)', '18547')
    .option('--chain-port <n>', 'local EVM JSON-RPC port', '18545')
    .option('--no-chain', 'start only the Deribit emulator')
    .option('--no-keeper', 'no arbitrageur: the Uniswap pool stays where swaps leave it (to watch the oracle guard trip)')
    .option('--seed <n>', 'seed of the emulator\'s market path', '1')
    .action(async (f: SandboxFlags) => {
      const { startSandbox } = await import('../../sandbox/startSandbox.ts')
      const port = (flag: string, v: string) => {
        const n = Number(v)
        if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InputError(flag, flag, `must be a port number from 0 to 65535, got "${v}"`)
        return n
      }
      const sb = await startSandbox({ deribitPort: port('--port', f.port), chainPort: port('--chain-port', f.chainPort), chain: f.chain, keeper: f.keeper, seed: port('--seed', f.seed) })
      // The handlers go in before the endpoints are printed: a supervisor (or a test) that signals as soon as it
      // reads them must reach this shutdown, not Node's default kill.
      const stopped = new Promise<void>((resolve) => {
        process.once('SIGINT', resolve)
        process.once('SIGTERM', resolve)
      })
      io.out(`optvault sandbox on 127.0.0.1 (play money; Ctrl-C stops it)\n${sb.endpoints().join('\n')}\n`)
      io.out(`try: npx optvault live config/sandbox.yaml --once\n`)
      await stopped
      await sb.stop()
      io.out('sandbox stopped\n')
    })
}
