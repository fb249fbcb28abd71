import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import { registerBacktest } from './backtest.ts'
import { registerIv } from './iv.ts'
import { registerPrice } from './price.ts'
import { registerData } from './data.ts'
import { registerConfig } from './config.ts'
import { registerMargin } from './margin.ts'
import { registerStress } from './stress.ts'
import { registerNewStrategy } from './newStrategy.ts'
import { registerSweep } from './sweep.ts'
import { registerWorker } from './worker.ts'
import { registerLive } from './live.ts'
import { registerStatus } from './status.ts'
import { registerKill } from './kill.ts'
import { registerResume } from './resume.ts'
import { registerSandbox } from './sandbox.ts'

/** Every subcommand, in the order `--help` lists them. Each issue adds its command here. */
export function registerCommands(program: Command, io: CliIo): void {
  registerPrice(program, io)
  registerIv(program, io)
  registerBacktest(program, io)
  registerData(program, io)
  registerConfig(program, io)
  registerMargin(program, io)
  registerStress(program, io)
  registerNewStrategy(program, io)
  registerSweep(program, io)
  registerWorker(program, io)
  registerLive(program, io)
  registerStatus(program, io)
  registerKill(program, io)
  registerResume(program, io)
  registerSandbox(program, io)
}
