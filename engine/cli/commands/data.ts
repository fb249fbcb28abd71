import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import { registerDataSynth } from './dataSynth.ts'
import { registerDataValidate } from './dataValidate.ts'
import { registerDataFetch } from './dataFetch.ts'
import { registerDataRecordChain } from './dataRecordChain.ts'

/** `optvault data …`: the dataset commands. Each subcommand lives in its own file and is added here. */
export function registerData(program: Command, io: CliIo): void {
  const data = program.command('data').description('Get, check, generate and record datasets.')
  registerDataSynth(data, io)
  registerDataValidate(data, io)
  registerDataFetch(data, io)
  registerDataRecordChain(data, io)
  void data
  void io
}
